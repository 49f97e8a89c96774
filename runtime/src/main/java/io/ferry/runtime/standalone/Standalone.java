package io.ferry.runtime.standalone;

import io.ferry.broker.BrokerServer;
import io.ferry.broker.config.BrokerConfig;
import io.ferry.broker.util.StorageFailures;
import io.ferry.runtime.config.WorkerConfig;
import io.ferry.runtime.offset.FileOffsetStore;
import io.ferry.runtime.offset.OffsetStore;
import io.ferry.runtime.offset.TopicOffsetStores;
import io.ferry.runtime.plugin.PluginPathWatcher;
import io.ferry.runtime.plugin.Plugins;
import io.ferry.runtime.rest.RestConfig;
import io.ferry.runtime.rest.RestServer;
import io.ferry.runtime.security.WorkerSecurity;
import io.ferry.runtime.worker.FileConnectorConfigStore;
import io.ferry.runtime.worker.Worker;
import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running standalone worker: embedded broker, plugins, worker, REST API. The REST API's settings
 * are checked and its listeners opened first (a taken port or an unsafe listener stops the start
 * before the broker starts); it serves requests once the worker runs, and stops first.
 */
public final class Standalone implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Standalone.class);

    private final Plugins plugins;
    private final PluginPathWatcher watcher;
    private final Worker worker;
    private final BrokerServer broker;
    private final String bootstrapServers;
    private final RestServer rest;

    private Standalone(Plugins plugins, PluginPathWatcher watcher, Worker worker, BrokerServer broker, String bootstrapServers,
                       RestServer rest) {
        this.rest = rest;
        this.plugins = plugins;
        this.watcher = watcher;
        this.worker = worker;
        this.broker = broker;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Starts everything. Connector configurations are checked before the broker starts.
     *
     * @param bootConnectors   connector configurations given on the command line
     * @param extraPluginPath  plugin path entries besides {@code plugin.path} (the launcher's bundled plugins)
     * @throws io.ferry.runtime.config.ConnectorConfigException if a given connector is invalid
     * @throws ConfigException  if the embedded broker's or the REST API's settings are invalid
     * @throws ConnectException if the broker, the worker or the REST API cannot start
     */
    public static Standalone start(WorkerConfig config, List<Map<String, String>> bootConnectors, List<Path> extraPluginPath) {
        WorkerSecurity.check(config);
        config.unknownKeyWarnings().forEach(log::warn);
        RestServer rest = RestServer.bind(RestConfig.from(config));
        List<Path> pluginPath = new ArrayList<>(config.pluginPath());
        pluginPath.addAll(extraPluginPath);
        Plugins plugins;
        try {
            plugins = Plugins.load(pluginPath, config.pluginDiscovery());
        } catch (RuntimeException e) {
            rest.close();
            throw e;
        }
        PluginPathWatcher watcher = null;
        Worker worker = null;
        BrokerServer broker = null;
        try {
            // The offsets topic (exactly-once sources) is read once the cluster's address is known.
            AtomicReference<String> cluster = new AtomicReference<>(String.join(",", config.bootstrapServers()));
            OffsetStore offsets = config.exactlyOnceSourceEnabled() ? TopicOffsetStores.forWorker(config, cluster::get)
                    : new FileOffsetStore(config.offsetsFile());
            worker = new Worker(config, plugins, offsets, new FileConnectorConfigStore(config.connectorsDir()), rest.workerId());
            worker.check(bootConnectors);
            String bootstrap = cluster.get();
            if (config.embeddedBroker()) {
                BrokerConfig brokerConfig = brokerConfig(config);
                WorkerScramCredential.ensure(config, brokerConfig);
                broker = new BrokerServer(brokerConfig);
                try {
                    broker.start();
                } catch (BindException e) {
                    throw new ConnectException("The embedded broker cannot listen on " + config.brokerProps().get("listeners") + ": "
                            + e.getMessage() + " (is another broker running? set " + WorkerConfig.BROKER_PREFIX + "listeners)", e);
                } catch (IllegalStateException e) {
                    throw new ConnectException("The embedded broker cannot start: " + e.getMessage(), e);
                }
                bootstrap = EmbeddedBrokerAddress.of(broker, config);
                cluster.set(bootstrap);
                log.info("Embedded broker listening; the worker's clients use {}", bootstrap);
            }
            watcher = new PluginPathWatcher(plugins);
            watcher.start();
            worker.start(bootstrap, bootConnectors);
            rest.start(worker);
            log.info("Ferry standalone worker started with {} connectors (data in {}, REST API on {})", worker.connectors().size(),
                    config.dataDir(), rest.uris());
            return new Standalone(plugins, watcher, worker, broker, bootstrap, rest);
        } catch (IOException e) {
            closeAll(rest, worker, watcher, plugins, broker);
            throw new ConnectException(storageFailure(config, e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeAll(rest, worker, watcher, plugins, broker);
            throw new ConnectException("Interrupted while starting", e);
        } catch (RuntimeException e) {
            closeAll(rest, worker, watcher, plugins, broker);
            throw e;
        }
    }

    /** What failed on disk, and the settings that move Ferry's files elsewhere. */
    static String storageFailure(WorkerConfig config, IOException e) {
        return "Cannot write " + StorageFailures.describe(e) + ". Ferry keeps its state in " + WorkerConfig.DATA_DIR + " (now "
                + config.dataDir() + ")" + (config.embeddedBroker() ? ", the embedded broker's log in " + WorkerConfig.BROKER_PREFIX
                + "log.dirs (now " + config.brokerProps().get("log.dirs") + ")" : "") + ": set it to a folder Ferry can write";
    }

    private static BrokerConfig brokerConfig(WorkerConfig config) {
        try {
            return new BrokerConfig(config.brokerProps());
        } catch (ConfigException e) {
            throw new ConfigException("Invalid embedded broker configuration (" + WorkerConfig.BROKER_PREFIX + "*): " + e.getMessage());
        }
    }

    public Worker worker() {
        return worker;
    }

    /** Where the worker's clients connect: the embedded broker's address, or {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Where the REST API is served (with the ports actually bound). */
    public List<URI> restUris() {
        return rest.uris();
    }

    /** Where {@code /admin} is served when {@code admin.listeners} is set, else empty. */
    public List<URI> adminUris() {
        return rest.adminUris();
    }

    /** The embedded broker, or null. */
    public BrokerServer broker() {
        return broker;
    }

    /** Stops the REST API first, then the connectors (storing offsets), the plugin watcher and registry, and the broker last. */
    @Override
    public void close() {
        closeAll(rest, worker, watcher, plugins, broker);
    }

    private static void closeAll(RestServer rest, Worker worker, PluginPathWatcher watcher, Plugins plugins, BrokerServer broker) {
        rest.close();
        if (worker != null) {
            worker.close();
        }
        if (watcher != null) {
            watcher.close();
        }
        plugins.close();
        if (broker != null) {
            broker.close();
        }
    }
}

package io.ferry.runtime.cli;

import io.ferry.runtime.config.ConnectorConfigException;
import io.ferry.runtime.config.ConnectorFiles;
import io.ferry.runtime.config.WorkerConfig;
import io.ferry.runtime.standalone.Standalone;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ferry standalone worker.properties [connector.properties|connector.json]...}: runs a
 * standalone worker (with the embedded broker unless {@code ferry.embedded.broker=false}) until
 * it is signalled, like Kafka's {@code connect-standalone.sh}. Exit status 2: invalid
 * configuration; 1: Ferry could not start (e.g. the broker's port is taken).
 */
@Command(name = "standalone", mixinStandardHelpOptions = true,
        description = {"Start a standalone Kafka Connect worker, like connect-standalone.sh, with Ferry's broker embedded.",
                "The connectors given start at once; those created later are kept in the data directory."})
public final class StandaloneCommand implements Callable<Integer> {

    /** System property (set by bin/ferry) naming plugin directories searched besides plugin.path. */
    public static final String BUNDLED_PLUGINS_PROPERTY = "ferry.bundled.plugins";

    private static final Logger log = LoggerFactory.getLogger(StandaloneCommand.class);

    @Parameters(index = "0", paramLabel = "WORKER_PROPERTIES", description = "worker configuration file")
    Path workerFile;

    @Parameters(index = "1..*", paramLabel = "CONNECTOR_CONFIG",
            description = "connector configuration files: .properties, flat JSON, or {\"name\":...,\"config\":{...}}")
    List<Path> connectorFiles = new ArrayList<>();

    @Option(names = "--override", paramLabel = "KEY=VALUE", description = "override a property of the worker file")
    List<String> overrides = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        WorkerConfig config;
        List<Map<String, String>> connectors = new ArrayList<>();
        try {
            config = WorkerConfig.load(workerFile, overrides);
            for (Path file : connectorFiles) {
                connectors.add(ConnectorFiles.read(file));
            }
        } catch (NoSuchFileException e) {
            err().println("Worker configuration file not found: " + workerFile);
            return 2;
        } catch (IOException e) {
            err().println("Cannot read " + workerFile + ": " + e);
            return 2;
        } catch (ConfigException | ConnectException e) {
            err().println(e.getMessage());
            return 2;
        }
        Standalone standalone;
        try {
            standalone = Standalone.start(config, connectors, bundledPlugins());
        } catch (ConnectorConfigException | ConfigException e) {
            err().println(e.getMessage());
            return 2;
        } catch (ConnectException e) {
            err().println("Could not start: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("Shutting down on signal");
            standalone.close();
            stopped.countDown();
        }, "ferry-shutdown"));
        stopped.await();
        return 0;
    }

    private PrintWriter err() {
        return spec.commandLine().getErr();
    }

    private static List<Path> bundledPlugins() {
        List<Path> dirs = new ArrayList<>();
        String value = System.getProperty(BUNDLED_PLUGINS_PROPERTY, "");
        for (String dir : value.split(",")) {
            if (!dir.isBlank()) {
                Path path = Path.of(dir.trim());
                if (path.toFile().isDirectory()) {
                    dirs.add(path);
                } else {
                    log.debug("Bundled plugin directory {} does not exist", path);
                }
            }
        }
        return dirs;
    }
}

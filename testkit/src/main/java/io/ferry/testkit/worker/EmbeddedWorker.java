package io.ferry.testkit.worker;

import io.ferry.runtime.config.WorkerConfig;
import io.ferry.runtime.standalone.Standalone;
import io.ferry.runtime.status.ConnectorStateInfo;
import io.ferry.runtime.status.State;
import io.ferry.runtime.status.TaskStatus;
import io.ferry.runtime.task.TargetState;
import io.ferry.runtime.worker.Worker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ferry's standalone worker with its embedded broker, in this process: the broker on a free loopback port,
 * the REST API on another, all state (log, offsets, connectors) under {@code root}. Connectors on the test's
 * class path are found through their {@code META-INF/services} manifests or by class name; plugin JARs or
 * folders given with {@link #plugin} load in isolated class loaders, as in production. Values go through
 * {@code StringConverter} unless set otherwise. It can be stopped and started again on the same state.
 *
 * <pre>{@code
 * try (EmbeddedWorker worker = EmbeddedWorker.at(dir).start()) {
 *     worker.createConnector("in", Map.of("connector.class", "FileSource", "file", f, "topic", "t"));
 *     worker.awaitRunning("in", 1);
 *     assertThat(worker.topics().values("t", 3)).containsExactly("a", "b", "c");
 * }
 * }</pre>
 */
public final class EmbeddedWorker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedWorker.class);

    /** How long the waits of this class wait by default. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private final Path root;
    private final Path pluginDir;
    private final Map<String, String> props = new LinkedHashMap<>();
    private Standalone standalone;
    private Duration startTime = Duration.ZERO;

    private EmbeddedWorker(Path root) {
        this.root = root;
        this.pluginDir = root.resolve("plugins");
        props.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        props.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
        props.put(WorkerConfig.OFFSET_FLUSH_INTERVAL_MS, "200");
        props.put("plugin.path", pluginDir.toString());
        props.put("ferry.data.dir", root.resolve("data").toString());
        props.put("ferry.broker.listeners", "PLAINTEXT://127.0.0.1:0");
        props.put("ferry.broker.offsets.topic.num.partitions", "1");
        props.put("listeners", "http://127.0.0.1:0");
        // File connectors may use the test's folder and the module's.
        props.put(WorkerConfig.FILE_ALLOWED_PATHS, root + "," + Path.of("").toAbsolutePath());
    }

    /** A worker keeping its state under {@code root} (a test's temporary folder), not started yet. */
    public static EmbeddedWorker at(Path root) {
        return new EmbeddedWorker(root);
    }

    /** Sets a worker property (before {@link #start}), e.g. {@code exactly.once.source.support=enabled}. */
    public EmbeddedWorker set(String key, String value) {
        props.put(key, value);
        return this;
    }

    /** Copies a plugin JAR (or a folder of JARs) into the worker's plugin path, before {@link #start}. */
    public EmbeddedWorker plugin(Path jarOrFolder) {
        try {
            Files.createDirectories(pluginDir);
            Path target = pluginDir.resolve(jarOrFolder.getFileName());
            if (Files.isDirectory(jarOrFolder)) {
                Files.createDirectories(target);
                try (var files = Files.list(jarOrFolder)) {
                    for (Path file : (Iterable<Path>) files::iterator) {
                        Files.copy(file, target.resolve(file.getFileName()));
                    }
                }
            } else {
                Files.copy(jarOrFolder, target);
            }
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot install plugin " + jarOrFolder, e);
        }
    }

    /** Starts the broker, the worker and the REST API, with the given connectors (each a configuration with a name). */
    @SafeVarargs
    public final EmbeddedWorker start(Map<String, String>... connectors) {
        if (standalone != null) {
            throw new IllegalStateException("The worker is running");
        }
        try {
            Files.createDirectories(pluginDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long begin = System.nanoTime();
        standalone = Standalone.start(new WorkerConfig(props), List.of(connectors), List.of());
        startTime = Duration.ofNanos(System.nanoTime() - begin);
        log.info("Embedded worker started in {} ms (broker {}, REST API {})", startTime.toMillis(), bootstrapServers(),
                restUri());
        return this;
    }

    /** How long the last {@link #start} took: broker, plugins, worker and REST API. */
    public Duration startTime() {
        return startTime;
    }

    /** Stops the worker as on SIGTERM (tasks stop, offsets are stored); it can be started again. */
    public void stop() {
        if (standalone != null) {
            standalone.close();
            standalone = null;
        }
    }

    /** Stops and starts the worker on the same state; its connectors come back. */
    public EmbeddedWorker restart() {
        stop();
        return start();
    }

    @Override
    public void close() {
        stop();
    }

    /** Whether the worker runs. */
    public boolean running() {
        return standalone != null;
    }

    /** The running worker: create, pause, status and offsets without HTTP. */
    public Worker worker() {
        return running(standalone).worker();
    }

    /** The embedded broker's address. */
    public String bootstrapServers() {
        return running(standalone).bootstrapServers();
    }

    /** The REST API's address, e.g. {@code http://127.0.0.1:41234}. */
    public URI restUri() {
        return running(standalone).restUris().get(0);
    }

    /** The REST API, over HTTP. */
    public Rest rest() {
        return new Rest(restUri());
    }

    /** Writes and reads the broker's topics. */
    public Topics topics() {
        return new Topics(bootstrapServers());
    }

    public Path root() {
        return root;
    }

    /** The worker's plugin path folder: a plugin built into a folder here before {@link #start} is loaded like a copied one. */
    public Path pluginDir() {
        return pluginDir;
    }

    /** Creates a connector directly on the worker (no HTTP); {@code config} without {@code name}. */
    public void createConnector(String name, Map<String, String> config) {
        worker().create(name, config, TargetState.STARTED);
    }

    /** Creates a connector through {@code POST /connectors}, failing unless the API answers 201. */
    public void createConnectorThroughRest(String name, Map<String, String> config) {
        rest().createConnector(name, config);
    }

    /** The status of a connector and its tasks. */
    public ConnectorStateInfo status(String name) {
        return worker().status(name);
    }

    /** Waits until the connector and {@code tasks} tasks run. */
    public ConnectorStateInfo awaitRunning(String name, int tasks) {
        return awaitState(name, State.RUNNING, tasks, State.RUNNING);
    }

    /** Waits until the connector is in {@code connectorState} with {@code tasks} tasks, each in {@code taskState}. */
    public ConnectorStateInfo awaitState(String name, State connectorState, int tasks, State taskState) {
        return Awaitility.await(name + " " + connectorState + " with " + tasks + " tasks " + taskState)
                .atMost(DEFAULT_TIMEOUT).pollInterval(Duration.ofMillis(20))
                .until(() -> statusOrNull(name), status -> status != null
                        && status.connector().state() == connectorState && status.tasks().size() == tasks
                        && status.tasks().stream().map(TaskStatus::state).allMatch(taskState::equals));
    }

    /** Waits until a task of the connector fails, and returns its status (with the trace). */
    public TaskStatus awaitTaskFailed(String name, int task) {
        ConnectorStateInfo status = Awaitility.await(name + " task " + task + " FAILED").atMost(DEFAULT_TIMEOUT)
                .pollInterval(Duration.ofMillis(20)).until(() -> statusOrNull(name),
                        s -> s != null && s.tasks().size() > task && s.tasks().get(task).state() == State.FAILED);
        return status.tasks().get(task);
    }

    private ConnectorStateInfo statusOrNull(String name) {
        try {
            return worker().status(name);
        } catch (RuntimeException notYet) {
            return null;
        }
    }

    private static Standalone running(Standalone standalone) {
        if (standalone == null) {
            throw new IllegalStateException("The worker is not running: start it first");
        }
        return standalone;
    }
}

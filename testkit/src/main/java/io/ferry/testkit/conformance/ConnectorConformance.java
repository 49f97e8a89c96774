package io.ferry.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.testkit.driver.SourceOffsets;
import io.ferry.testkit.worker.EmbeddedWorker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Connector;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;
import org.apache.kafka.connect.sink.SinkTask;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the source and sink suites share: the checks that hold for every connector (version, validation,
 * clean starts and stops, threads released) and the hooks a connector's test gives. A connector's test
 * extends {@link SourceConnectorConformance} or {@link SinkConnectorConformance}, not this class.
 *
 * @param <C> the kind of connector
 */
public abstract class ConnectorConformance<C extends Connector> {

    /** The topic the suite's connectors write to or read from. */
    protected static final String TOPIC = "conformance";

    /** The connector name the suite uses. */
    protected static final String NAME = "conformance";

    /** A temporary folder for the test's files and the embedded worker's state. */
    @TempDir
    protected Path root;

    private EmbeddedWorker worker;

    /** A new instance of the connector under test. */
    protected abstract C connector();

    /** A valid configuration of the connector that uses {@code topic} (without name, class or tasks.max). */
    protected abstract Map<String, String> config(String topic);

    /**
     * A configuration that {@code validate()} must reject, with the key it must name. A connector with no
     * configuration that can be wrong opts out of {@link Check#VALIDATE} instead.
     */
    protected BadConfig badConfig() {
        throw new AssertionError(getClass().getSimpleName() + " gives no badConfig(): give one, or opt out of VALIDATE with a reason");
    }

    /**
     * Checks this connector opts out of, each with the reason (shown as the reason the test was skipped).
     * Opt out only where the connector legitimately cannot pass, and say why.
     */
    protected Map<Check, String> optOuts() {
        return Map.of();
    }

    /** How long a check waits for records, states and threads. */
    protected Duration timeout() {
        return Duration.ofSeconds(30);
    }

    /** The i-th value of the suite's input: {@code conformance-i}. */
    protected static String value(int i) {
        return "conformance-" + i;
    }

    /** The values {@code from} (inclusive) to {@code to} (exclusive). */
    protected static List<String> values(int from, int to) {
        return IntStream.range(from, to).mapToObj(ConnectorConformance::value).collect(Collectors.toList());
    }

    /** Skips the calling check if the connector opted out of it. */
    protected final void checking(Check check) {
        String reason = optOuts().get(check);
        if (reason != null && reason.isBlank()) {
            throw new IllegalStateException("Opting out of " + check + " needs a reason");
        }
        Assumptions.assumeTrue(reason == null, () -> getClass().getSimpleName() + " opts out of " + check + ": " + reason);
    }

    /** The configuration given to the connector: {@link #config} plus name, class and tasks.max=1, as a worker gives it. */
    protected final Map<String, String> connectorConfig() {
        Map<String, String> config = new LinkedHashMap<>(config(TOPIC));
        config.put("name", NAME);
        config.put("connector.class", connector().getClass().getName());
        config.put("tasks.max", "1");
        return config;
    }

    /** Starts a connector and returns the configuration of its one task, as the worker would give it. */
    protected final Map<String, String> taskConfig(C connector, ConnectorContexts context) {
        Map<String, String> config = connectorConfig();
        connector.initialize(context);
        connector.start(config);
        List<Map<String, String>> tasks = connector.taskConfigs(1);
        assertThat(tasks).as("taskConfigs(1) of %s", connector.getClass().getName()).hasSize(1);
        Map<String, String> task = new LinkedHashMap<>(tasks.get(0));
        task.put("task.class", connector.taskClass().getName());
        if (connector instanceof SinkConnector && config.containsKey(SinkTask.TOPICS_CONFIG)) {
            task.put(SinkTask.TOPICS_CONFIG, config.get(SinkTask.TOPICS_CONFIG));
        }
        return task;
    }

    /** A new instance of the connector's task class. */
    @SuppressWarnings("unchecked")
    protected static <T extends Task> T newTask(Connector connector) {
        try {
            return (T) connector.taskClass().getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("The task class " + connector.taskClass().getName() + " needs a public no-argument constructor", e);
        }
    }

    /** A new connector context (with empty source offsets). */
    protected static ConnectorContexts context() {
        return new ConnectorContexts(new SourceOffsets());
    }

    /**
     * Starts the connector and its task, has the task do some work (poll input or put records), and stops
     * both, as a worker does.
     */
    protected abstract void runOnce(int round) throws Exception;

    /** The embedded worker of this test, started on first use with {@code workerProperties} and closed after the test. */
    protected final EmbeddedWorker worker(String... workerProperties) {
        if (worker == null) {
            worker = EmbeddedWorker.at(root.resolve("worker"));
            worker.set("ferry.file.allowed.paths", root + "," + Path.of("").toAbsolutePath());
            for (int i = 0; i + 1 < workerProperties.length; i += 2) {
                worker.set(workerProperties[i], workerProperties[i + 1]);
            }
            worker.start();
        }
        return worker;
    }

    @AfterEach
    final void closeWorker() {
        if (worker != null) {
            worker.close();
        }
    }

    @Test
    void reportsAVersion() {
        checking(Check.VERSION);
        C connector = connector();
        assertThat(connector.version()).as("version() of the connector").isNotBlank();
        Task task = newTask(connector);
        assertThat(task.version()).as("version() of the task").isNotBlank();
    }

    @Test
    void validatesItsConfigurationNamingTheBadKey() {
        checking(Check.VALIDATE);
        Config good = connector().validate(connectorConfig());
        assertThat(good.configValues()).as("validate() of the good configuration")
                .allSatisfy(value -> assertThat(value.errorMessages()).as(value.name()).isEmpty());

        BadConfig bad = badConfig();
        Config result = connector().validate(bad.config());
        List<ConfigValue> named = result.configValues().stream().filter(v -> v.name().equals(bad.key())).toList();
        assertThat(named).as("validate() reports the key %s", bad.key()).hasSize(1);
        assertThat(named.get(0).errorMessages()).as("errors on %s", bad.key()).isNotEmpty();
    }

    @Test
    void startsAndStopsRepeatedly() throws Exception {
        checking(Check.START_STOP);
        for (int round = 0; round < 3; round++) {
            runOnce(round);
        }
        C connector = connector();
        try (ConnectorContexts context = context()) {
            connector.initialize(context);
            connector.start(connectorConfig());
            connector.stop();
            assertThat(context.errors()).as("errors the connector raised").isEmpty();
        }
    }

    @Test
    void releasesItsThreadsOnStop() throws Exception {
        checking(Check.THREADS);
        ThreadBaseline baseline = ThreadBaseline.now();
        runOnce(0);
        baseline.awaitReleased(timeout(), connector().getClass().getSimpleName());
    }
}

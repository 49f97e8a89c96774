package io.ferry.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.runtime.status.State;
import io.ferry.testkit.driver.Records;
import io.ferry.testkit.driver.SourceTaskDriver;
import io.ferry.testkit.worker.EmbeddedWorker;
import io.ferry.testkit.worker.Rest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The conformance suite of a source connector. A connector's test extends it with {@link #connector()}, a
 * configuration ({@link #config}, {@link #badConfig}) and {@link #produceInput}, which makes the connector's
 * input hold more values, each of which the connector turns into one record whose value (as text) is that
 * value, in order. Each {@link Check} is one test; {@link #optOuts()} skips one with a reason.
 */
public abstract class SourceConnectorConformance extends ConnectorConformance<SourceConnector> {

    /** Adds {@code values} to the connector's input (appends lines to its file, sends messages to its queue, ...). */
    protected abstract void produceInput(List<String> values) throws Exception;

    /** The value of a record as the suite compares it with the input: its value as text by default. */
    protected String valueOf(SourceRecord record) {
        return Records.value(record);
    }

    private List<String> valuesOf(List<SourceRecord> records) {
        return records.stream().map(this::valueOf).toList();
    }

    private List<SourceRecord> pollUntilValues(SourceTaskDriver<SourceTask> driver, List<String> expected) {
        return driver.pollUntil(all -> valuesOf(all).containsAll(expected), timeout());
    }

    @Override
    protected void runOnce(int round) throws Exception {
        SourceConnector connector = connector();
        try (ConnectorContexts context = context()) {
            Map<String, String> taskConfig = taskConfig(connector, context);
            try (SourceTaskDriver<SourceTask> driver = SourceTaskDriver.of(() -> newTask(connector))) {
                driver.start(taskConfig);
                produceInput(List.of(value(round)));
                pollUntilValues(driver, List.of(value(round)));
                driver.commit();
            } finally {
                connector.stop();
            }
            assertThat(context.errors()).as("errors the connector raised").isEmpty();
        }
    }

    /**
     * Ten values polled and committed; five more polled, not committed; a restart on the committed offsets;
     * five more values: the new task sends exactly the ten values after the committed ones, in order.
     */
    @Test
    void resumesFromItsCommittedOffsetsWithoutLossOrRepeat() throws Exception {
        checking(Check.RESTART);
        SourceConnector connector = connector();
        try (ConnectorContexts context = context();
             SourceTaskDriver<SourceTask> driver = SourceTaskDriver.of(() -> newTask(connector))) {
            driver.start(taskConfig(connector, context));
            produceInput(values(0, 10));
            assertThat(valuesOf(pollUntilValues(driver, values(0, 10)))).isEqualTo(values(0, 10));
            driver.commit();
            produceInput(values(10, 15));
            pollUntilValues(driver, values(10, 15));

            driver.restart();
            produceInput(values(15, 20));
            List<String> after = valuesOf(pollUntilValues(driver, values(10, 20)));
            after = new ArrayList<>(after);
            after.addAll(valuesOf(driver.drain()));

            assertThat(after).as("after a restart on the committed offsets: what followed them, once, in order")
                    .isEqualTo(values(10, 20));
            connector.stop();
        }
    }

    /** In Ferry's worker, created through the REST API: values written while the connector is paused arrive once after it resumes. */
    @Test
    void losesAndRepeatsNothingOverPauseAndResume() throws Exception {
        checking(Check.PAUSE_RESUME);
        EmbeddedWorker worker = worker();
        worker.createConnectorThroughRest(NAME, withoutName(connectorConfig()));
        worker.awaitRunning(NAME, 1);
        produceInput(values(0, 5));
        assertThat(worker.topics().values(TOPIC, 5, timeout())).isEqualTo(values(0, 5));

        Rest rest = worker.rest();
        assertThat(rest.put("/connectors/" + NAME + "/pause", null).status()).isEqualTo(202);
        worker.awaitState(NAME, State.PAUSED, 1, State.PAUSED);
        produceInput(values(5, 10));
        assertThat(rest.put("/connectors/" + NAME + "/resume", null).status()).isEqualTo(202);
        worker.awaitRunning(NAME, 1);

        assertThat(readThroughSentinel(worker, 10)).isEqualTo(values(0, 11));
    }

    /**
     * A source whose {@code exactlyOnceSupport()} answers SUPPORTED runs in a worker with
     * {@code exactly.once.source.support=enabled} and {@code exactly.once.support=required}; through a
     * restart of the worker, a read_committed consumer sees each value once, in order.
     */
    @Test
    void deliversEachRecordOnceWhereItClaimsExactlyOnce() throws Exception {
        checking(Check.EXACTLY_ONCE);
        ExactlyOnceSupport support = connector().exactlyOnceSupport(connectorConfig());
        Assumptions.assumeTrue(support == ExactlyOnceSupport.SUPPORTED,
                () -> connector().getClass().getSimpleName() + " does not claim exactly-once support (" + support + ")");
        EmbeddedWorker worker = worker("exactly.once.source.support", "enabled");
        Map<String, String> config = withoutName(connectorConfig());
        config.put("exactly.once.support", "required");
        worker.createConnectorThroughRest(NAME, config);
        worker.awaitRunning(NAME, 1);
        produceInput(values(0, 10));
        assertThat(worker.topics().values(TOPIC, 10, timeout())).isEqualTo(values(0, 10));

        worker.restart();
        worker.awaitRunning(NAME, 1);
        produceInput(values(10, 20));

        assertThat(readThroughSentinel(worker, 20)).isEqualTo(values(0, 21));
    }

    /**
     * Adds value {@code count} to the input and reads the topic until it holds {@code count + 1} records: a
     * duplicate of an earlier value would come before it, and show as a difference from the values 0 to count.
     */
    private List<String> readThroughSentinel(EmbeddedWorker worker, int count) throws Exception {
        produceInput(List.of(value(count)));
        return worker.topics().values(TOPIC, count + 1, timeout());
    }

    private static Map<String, String> withoutName(Map<String, String> config) {
        Map<String, String> copy = new LinkedHashMap<>(config);
        copy.remove("name");
        return copy;
    }
}

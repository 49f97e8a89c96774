package io.ferry.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.runtime.status.State;
import io.ferry.testkit.driver.Records;
import io.ferry.testkit.driver.SinkTaskDriver;
import io.ferry.testkit.worker.EmbeddedWorker;
import io.ferry.testkit.worker.Rest;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkConnector;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The conformance suite of a sink connector. A connector's test extends it with {@link #connector()}, a
 * configuration ({@link #config} reading {@code topic}, {@link #badConfig}) and {@link #output()}, the
 * values the connector has written so far, in order, as text. Records reach the sink with String values
 * ({@code StringConverter} in the worker). Each {@link Check} is one test; {@link #optOuts()} skips one with
 * a reason.
 */
public abstract class SinkConnectorConformance extends ConnectorConformance<SinkConnector> {

    private static final TopicPartition TP = new TopicPartition(TOPIC, 0);

    /** What the connector has written so far (lines of its file, rows of its table, ...), in order. */
    protected abstract List<String> output() throws Exception;

    private static List<SinkRecord> records(int from, int to) {
        return Records.texts(TOPIC, 0, from, values(from, to));
    }

    @Override
    protected void runOnce(int round) throws Exception {
        SinkConnector connector = connector();
        try (ConnectorContexts context = context()) {
            Map<String, String> taskConfig = taskConfig(connector, context);
            try (SinkTaskDriver<SinkTask> driver = SinkTaskDriver.of(() -> newTask(connector))) {
                driver.start(taskConfig, TP);
                driver.put(records(round, round + 1));
                driver.commit();
            } finally {
                connector.stop();
            }
            assertThat(context.errors()).as("errors the connector raised").isEmpty();
        }
    }

    /** Delivers {@code all} from where the consumer would resume, as the worker does after a restart. */
    private static void redeliver(SinkTaskDriver<SinkTask> driver, List<SinkRecord> all) {
        long from = driver.resumeOffset(TP);
        driver.put(all.stream().filter(r -> r.kafkaOffset() >= from).toList());
    }

    /** Ten records put and committed, a clean stop, a new task fed from the committed offset: each record written once, in order. */
    @Test
    void resumesAfterACleanStopWithoutLossOrRepeat() throws Exception {
        checking(Check.RESTART);
        SinkConnector connector = connector();
        List<SinkRecord> all = records(0, 20);
        try (ConnectorContexts context = context()) {
            Map<String, String> taskConfig = taskConfig(connector, context);
            SinkTaskDriver<SinkTask> driver = SinkTaskDriver.<SinkTask>of(() -> newTask(connector)).start(taskConfig, TP);
            driver.put(all.subList(0, 10));
            driver.commit();
            driver.stop();

            driver.start(taskConfig, TP);
            redeliver(driver, all);
            driver.stop();
            connector.stop();
        }
        assertThat(output()).as("output after a clean stop and restart").isEqualTo(values(0, 20));
    }

    /**
     * Ten records put and committed, five more put and not committed, then the task is abandoned as by
     * {@code kill -9}; a new task fed from where the consumer resumes: every committed record is written
     * exactly once, and every record at least once.
     */
    @Test
    void repeatsNothingCommittedAfterACrash() throws Exception {
        checking(Check.RESTART);
        SinkConnector connector = connector();
        List<SinkRecord> all = records(0, 20);
        SinkTask abandoned = null;
        List<String> output;
        try (ConnectorContexts context = context()) {
            Map<String, String> taskConfig = taskConfig(connector, context);
            SinkTaskDriver<SinkTask> driver = SinkTaskDriver.<SinkTask>of(() -> newTask(connector)).start(taskConfig, TP);
            driver.put(all.subList(0, 10));
            driver.commit();
            driver.put(all.subList(10, 15));
            abandoned = driver.crash();

            driver.start(taskConfig, TP);
            redeliver(driver, all);
            driver.stop();
            connector.stop();
            output = output();
        } finally {
            if (abandoned != null) {
                abandoned.stop(); // releases what the abandoned task held, after the new task finished
            }
        }
        for (String committed : values(0, 10)) {
            assertThat(Collections.frequency(output, committed)).as("times %s (committed) was written", committed).isEqualTo(1);
        }
        assertThat(output).as("every record written").containsAll(values(0, 20));
    }

    /** Paused partitions' records are held back and delivered, once, after they are resumed. */
    @Test
    void losesAndRepeatsNothingOverPauseAndResume() throws Exception {
        checking(Check.PAUSE_RESUME);
        EmbeddedWorker worker = worker();
        worker.topics().create(TOPIC, 1);
        Map<String, String> config = new LinkedHashMap<>(connectorConfig());
        config.remove("name");
        worker.createConnectorThroughRest(NAME, config);
        worker.awaitRunning(NAME, 1);
        worker.topics().produce(TOPIC, values(0, 5));
        awaitOutput(5);

        Rest rest = worker.rest();
        assertThat(rest.put("/connectors/" + NAME + "/pause", null).status()).isEqualTo(202);
        worker.awaitState(NAME, State.PAUSED, 1, State.PAUSED);
        worker.topics().produce(TOPIC, values(5, 10));
        assertThat(rest.put("/connectors/" + NAME + "/resume", null).status()).isEqualTo(202);
        worker.awaitRunning(NAME, 1);
        // A repeated record would be written before value 10, the last one produced.
        worker.topics().produce(TOPIC, List.of(value(10)));
        awaitOutput(11);

        assertThat(output()).isEqualTo(values(0, 11));
    }

    private void awaitOutput(int count) {
        Awaitility.await("the sink writes " + count + " values").atMost(timeout()).pollInSameThread()
                .until(() -> output().size() >= count);
    }
}

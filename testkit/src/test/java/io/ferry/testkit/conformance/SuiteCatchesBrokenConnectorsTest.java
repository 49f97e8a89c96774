package io.ferry.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.connect.sink.SinkConnector;
import org.apache.kafka.connect.source.SourceConnector;
import org.awaitility.core.ConditionTimeoutException;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The suite fails connectors that break the contract: a check that cannot fail proves nothing. */
class SuiteCatchesBrokenConnectorsTest {

    @TempDir
    Path dir;

    @BeforeEach
    void holdLeakedThreads() {
        BrokenConnectors.leakedThread = new CountDownLatch(1);
    }

    @AfterEach
    void releaseLeakedThreads() {
        BrokenConnectors.leakedThread.countDown();
    }

    @Test
    void aSourceThatIgnoresItsCommittedOffsetsFailsTheRestartCheck() {
        LineSuite suite = new LineSuite(dir, BrokenConnectors.ForgetfulConnector::new);

        assertThatThrownBy(suite::resumesFromItsCommittedOffsetsWithoutLossOrRepeat).isInstanceOf(AssertionError.class)
                .hasMessageContaining("after a restart on the committed offsets");
    }

    @Test
    void aTaskThatLeavesAThreadRunningFailsTheThreadsCheck() {
        LineSuite suite = new LineSuite(dir, BrokenConnectors.LeakyConnector::new);

        assertThatThrownBy(suite::releasesItsThreadsOnStop).isInstanceOf(ConditionTimeoutException.class)
                .hasMessageContaining("leaky-task-thread");
    }

    @Test
    void aSinkThatWritesTwiceFailsTheRestartCheck() {
        SinkSuite suite = new SinkSuite(dir);

        assertThatThrownBy(suite::resumesAfterACleanStopWithoutLossOrRepeat).isInstanceOf(AssertionError.class)
                .hasMessageContaining("output after a clean stop and restart");
    }

    /** The example's conformance test, on a broken variant of the example connector. */
    private static final class LineSuite extends SourceConnectorConformance {
        private final Supplier<SourceConnector> connector;

        LineSuite(Path root, Supplier<SourceConnector> connector) {
            this.root = root;
            this.connector = connector;
        }

        @Override
        protected SourceConnector connector() {
            return connector.get();
        }

        @Override
        protected Map<String, String> config(String topic) {
            return Map.of("file", root.resolve("in.txt").toString(), "topic", topic);
        }

        @Override
        protected Duration timeout() {
            return Duration.ofSeconds(2);
        }

        @Override
        protected void produceInput(List<String> values) throws Exception {
            Files.writeString(root.resolve("in.txt"), String.join("\n", values) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    private static final class SinkSuite extends SinkConnectorConformance {
        SinkSuite(Path root) {
            this.root = root;
        }

        @Override
        protected SinkConnector connector() {
            return new BrokenConnectors.DoubleWritingSink();
        }

        @Override
        protected Map<String, String> config(String topic) {
            return Map.of("file", root.resolve("out.txt").toString(), "topics", topic);
        }

        @Override
        protected List<String> output() throws Exception {
            Path file = root.resolve("out.txt");
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        }
    }
}

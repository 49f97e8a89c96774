package io.ferry.testkit.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.junit.jupiter.api.Test;

/** The source driver stores committed offsets as the worker's JSON round trip leaves them, and restarts on them. */
class SourceTaskDriverTest {

    /** Counts from its committed offset, two records per poll; remembers what it was told was written. */
    public static class CountingTask extends SourceTask {
        static final Map<String, String> PARTITION = Map.of("counter", "c");
        int next;
        int acknowledged;

        @Override
        public void start(Map<String, String> props) {
            Map<String, Object> offset = context.offsetStorageReader().offset(PARTITION);
            next = offset == null ? 0 : ((Long) offset.get("next")).intValue();
        }

        @Override
        public List<SourceRecord> poll() {
            List<SourceRecord> records = List.of(record(next), record(next + 1));
            next += 2;
            return records;
        }

        private static SourceRecord record(int i) {
            return new SourceRecord(PARTITION, Map.of("next", i + 1), "t", null, "v" + i); // an Integer offset
        }

        @Override
        public void commitRecord(SourceRecord record, org.apache.kafka.clients.producer.RecordMetadata metadata) {
            acknowledged++;
        }

        @Override
        public void stop() {
        }

        @Override
        public String version() {
            return "1.0";
        }
    }

    @Test
    void aRestartResumesAfterTheLastCommittedRecord() {
        try (SourceTaskDriver<CountingTask> driver = SourceTaskDriver.of(CountingTask::new)) {
            driver.start();
            driver.poll();
            driver.commit();
            assertThat(driver.task().acknowledged).isEqualTo(2);
            assertThat(driver.stored(CountingTask.PARTITION)).isEqualTo(Map.of("next", 2L));
            driver.poll(); // not committed: sent again

            driver.restart();

            assertThat(Records.values(driver.poll())).containsExactly("v2", "v3");
        }
    }
}

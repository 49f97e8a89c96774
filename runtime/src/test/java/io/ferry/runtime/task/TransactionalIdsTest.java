package io.ferry.runtime.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.ferry.runtime.config.WorkerConfig;
import io.ferry.runtime.status.TaskId;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.requests.JoinGroupRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Worker-scoped ids of tasks: stable across restarts, and group instance ids that Kafka accepts for any connector name. */
class TransactionalIdsTest {

    @TempDir
    Path data;

    private WorkerConfig worker() {
        return new WorkerConfig(Map.of("ferry.data.dir", data.toString(), "bootstrap.servers", "localhost:9092",
                "key.converter", "org.apache.kafka.connect.storage.StringConverter",
                "value.converter", "org.apache.kafka.connect.storage.StringConverter"));
    }

    @Test
    void theWorkerIdIsCreatedOnceAndKept() {
        String first = TransactionalIds.workerId(worker());
        assertThat(first).matches("ferry-[0-9a-f]{8}");
        assertThat(TransactionalIds.workerId(worker())).isEqualTo(first);
        assertThat(TransactionalIds.of(worker(), new TaskId("my sink", 2))).isEqualTo(first + "-my sink-2");
    }

    @Test
    void groupInstanceIdsAreLegalForKafkaWhateverTheConnectorIsCalled() {
        String workerId = TransactionalIds.workerId(worker());
        String plain = TransactionalIds.groupInstanceId(worker(), new TaskId("local-file-sink", 0));
        assertThat(plain).isEqualTo(workerId + "-local-file-sink-0");

        String spaced = TransactionalIds.groupInstanceId(worker(), new TaskId("my sink/ü", 1));
        assertThat(spaced).isEqualTo(workerId + "-my_sink__-1");
        String longName = "x".repeat(300);
        String shortened = TransactionalIds.groupInstanceId(worker(), new TaskId(longName, 3));
        assertThat(shortened).startsWith(workerId + "-").endsWith("-3").hasSizeLessThanOrEqualTo(249);
        assertThat(TransactionalIds.groupInstanceId(worker(), new TaskId(longName, 4))).isNotEqualTo(shortened);

        for (String id : new String[] {plain, spaced, shortened}) {
            assertThatCode(() -> JoinGroupRequest.validateGroupInstanceId(id)).as(id).doesNotThrowAnyException();
        }
    }
}

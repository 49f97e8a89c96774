package io.ferry.runtime.standalone;

import static io.ferry.runtime.testing.WorkerFixture.connector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ferry.runtime.offset.FileOffsetStore;
import io.ferry.runtime.testing.WorkerFixture;
import io.ferry.runtime.testing.WorkerTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A source stopped and started again resumes from its stored offset: nothing is lost or sent twice. */
class SourceOffsetsResumeTest extends WorkerTest {

    @Test
    void aRestartedWorkerResumesEachSourceWhereItsStoredOffsetsSay() throws Exception {
        Path input = root.resolve("test.txt");
        Files.writeString(input, numbered(1, 500));
        Map<String, String> source = connector("name", "local-file-source", "connector.class", "FileStreamSource",
                "file", input.toString(), "topic", "connect-test");
        fixture = new WorkerFixture(root).set("value.converter", "org.apache.kafka.connect.storage.StringConverter").start(source);
        assertThat(fixture.consumeValues("connect-test", 500, TIMEOUT)).hasSize(500);
        fixture.stop();

        Path offsets = fixture.dataDir().resolve("connect.offsets");
        FileOffsetStore stored = new FileOffsetStore(offsets);
        stored.start();
        assertThat(stored.offset("local-file-source", Map.of("filename", input.toString())))
                .containsEntry("position", Files.size(input));

        Files.writeString(input, numbered(501, 700), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        fixture.start(source);
        List<String> expected = new ArrayList<>();
        IntStream.rangeClosed(1, 700).forEach(i -> expected.add("line " + i));
        await().atMost(TIMEOUT).untilAsserted(() ->
                assertThat(fixture.consumeValues("connect-test", 700, Duration.ofSeconds(5))).hasSize(700));
        assertThat(fixture.consumeValues("connect-test", 701, Duration.ofSeconds(2))).containsExactlyElementsOf(expected);
    }

    private static String numbered(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> "line " + i + "\n").collect(Collectors.joining());
    }
}

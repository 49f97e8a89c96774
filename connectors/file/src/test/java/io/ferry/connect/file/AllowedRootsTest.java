package io.ferry.connect.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.testkit.driver.Records;
import io.ferry.testkit.driver.SourceTaskDriver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry.file.allowed.paths}: with roots (Ferry's worker sets them), every path key must lead
 * below one, links and {@code ..} resolved, and a folder's links leading out are skipped; without
 * (Apache Kafka Connect) anything goes.
 */
class AllowedRootsTest {

    @TempDir
    Path dir;

    private final SourceTaskDriver<FileSourceTask> driver = SourceTaskDriver.of(FileSourceTask::new);

    @AfterEach
    void close() {
        driver.close();
    }

    private static Map<String, List<String>> errors(Config config) {
        return config.configValues().stream().filter(v -> !v.errorMessages().isEmpty())
                .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
    }

    @Test
    void pathKeysOutsideTheRootsAreRefusedWithoutSayingWhetherTheyExist() throws Exception {
        Path allowed = Files.createDirectories(dir.resolve("allowed"));
        Files.createDirectories(dir.resolve("outside"));
        String roots = allowed.toString();

        Map<String, List<String>> source = errors(new FileSourceConnector().validate(Map.of("topic", "t",
                "file", "/etc/shadow", AllowedRoots.KEY, roots)));
        assertThat(source).containsOnlyKeys("file");
        assertThat(source.get("file")).singleElement().asString()
                .contains("file: /etc/shadow is outside the folders this connector may use: [" + allowed.toRealPath() + "]")
                .contains(AllowedRoots.KEY);
        assertThat(errors(new FileSourceConnector().validate(Map.of("topic", "t", "directory", allowed + "/../outside",
                AllowedRoots.KEY, roots)))).containsOnlyKeys("directory");
        assertThat(errors(new FileSourceConnector().validate(Map.of("topic", "t", "directory", allowed.toString(),
                "completed.action", "move", "completed.directory", dir.resolve("outside/done").toString(), AllowedRoots.KEY, roots))))
                .containsOnlyKeys("completed.directory");
        Map<String, List<String>> missing = errors(new FileSourceConnector().validate(Map.of("topic", "t",
                "file", dir.resolve("outside/nope.txt").toString(), AllowedRoots.KEY, roots)));
        assertThat(missing.get("file")).singleElement().asString().contains("is outside").doesNotContain("does not exist");

        assertThat(errors(new FileSinkConnector().validate(Map.of("file", dir.resolve("outside/out.txt").toString(),
                AllowedRoots.KEY, roots)))).containsOnlyKeys("file");
        assertThat(errors(new FileSinkConnector().validate(Map.of("file.pattern", dir.resolve("outside/part-{n}.txt").toString(),
                AllowedRoots.KEY, roots)))).containsOnlyKeys("file.pattern");
        Files.createSymbolicLink(allowed.resolve("escape"), dir.resolve("outside"));
        assertThat(errors(new FileSinkConnector().validate(Map.of("file", allowed.resolve("escape/out.txt").toString(),
                AllowedRoots.KEY, roots)))).containsOnlyKeys("file");

        assertThat(errors(new FileSinkConnector().validate(Map.of("file", allowed.resolve("out.txt").toString(),
                AllowedRoots.KEY, roots)))).isEmpty();
        assertThat(errors(new FileSinkConnector().validate(Map.of("file", dir.resolve("outside/out.txt").toString()))))
                .as("no roots: Apache Kafka Connect").isEmpty();
    }

    @Test
    void aFoldersLinksLeadingOutsideAreSkipped() throws Exception {
        Path allowed = Files.createDirectories(dir.resolve("allowed"));
        Path in = Files.createDirectories(allowed.resolve("in"));
        Files.writeString(Files.createDirectories(dir.resolve("outside")).resolve("secret.txt"), "secret\n");
        Files.createSymbolicLink(in.resolve("secret.txt"), dir.resolve("outside/secret.txt"));
        Files.writeString(in.resolve("a.txt"), "a\n");

        driver.start("topic", "t", "directory", in.toString(), "file.min.age.ms", "0", AllowedRoots.KEY, allowed.toString());
        List<SourceRecord> records = driver.pollUntil(1, Duration.ofSeconds(30));
        Files.writeString(in.resolve("b.txt"), "b\n");
        records.addAll(driver.pollUntil(1, Duration.ofSeconds(30)));
        assertThat(Records.values(records)).containsExactly("a", "b");
    }
}

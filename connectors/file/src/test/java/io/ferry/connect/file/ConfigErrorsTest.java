package io.ferry.connect.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad configurations fail with errors that name the key, both at start and in validate(). */
class ConfigErrorsTest {

    @TempDir
    Path dir;

    private static Map<String, String> config(String... keysAndValues) {
        Map<String, String> config = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            config.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return config;
    }

    /** validate()'s errors by key. */
    private static Map<String, List<String>> errors(Config config) {
        return config.configValues().stream().filter(v -> !v.errorMessages().isEmpty())
                .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
    }

    private static void sourceFails(Map<String, String> config, String key, String text) {
        assertThatThrownBy(() -> new FileSourceConnector().start(config)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(key).hasMessageContaining(text);
        assertThatThrownBy(() -> new FileSourceTask().start(config)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(key).hasMessageContaining(text);
        assertThat(errors(new FileSourceConnector().validate(config))).containsKey(key);
    }

    private static void sinkFails(Map<String, String> config, String key, String text) {
        assertThatThrownBy(() -> new FileSinkConnector().start(config)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(key).hasMessageContaining(text);
        assertThat(errors(new FileSinkConnector().validate(config))).containsKey(key);
    }

    @Test
    void aMissingSourceFileNamesFile() {
        sourceFails(config("file", dir.resolve("nope.txt").toString(), "topic", "t"), "file", "does not exist");
    }

    @Test
    void aMissingFolderNamesDirectory() {
        sourceFails(config("directory", dir.resolve("nope").toString(), "topic", "t"), "directory", "does not exist");
    }

    @Test
    void bothFileAndDirectoryNameBoth() throws IOException {
        Path file = Files.createFile(dir.resolve("f.txt"));
        Map<String, String> config = config("file", file.toString(), "directory", dir.toString(), "topic", "t");
        sourceFails(config, "file", "directory");
        assertThat(errors(new FileSourceConnector().validate(config))).containsKeys("file", "directory");
    }

    @Test
    void neitherFileNorDirectory() {
        sourceFails(config("topic", "t"), "file", "directory");
    }

    @Test
    void anUnreadableFileNamesFile() throws IOException {
        Path file = Files.createFile(dir.resolve("secret.txt"));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        if (Files.isReadable(file)) {
            // Root reads every file it owns; a write-only sysctl is unreadable even for root (CI runs as root).
            file = Path.of("/proc/sys/vm/compact_memory");
            assumeFalse(Files.isReadable(file) || !Files.exists(file), "no file this user cannot read");
        }
        sourceFails(config("file", file.toString(), "topic", "t"), "file", "not readable");
    }

    @Test
    void aFolderGivenAsFileNamesFile() {
        sourceFails(config("file", dir.toString(), "topic", "t"), "file", "is a folder");
    }

    @Test
    void theTopicIsRequired() throws IOException {
        Path file = Files.createFile(dir.resolve("f.txt"));
        assertThatThrownBy(() -> new FileSourceConnector().start(config("file", file.toString())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("topic");
    }

    @Test
    void anUnknownRecordModeListsTheAllowedValues() throws IOException {
        Path file = Files.createFile(dir.resolve("f.txt"));
        assertThatThrownBy(() -> new FileSourceConnector().start(config("file", file.toString(), "topic", "t", "record.mode", "words")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("record.mode").hasMessageContaining("line, delimited, file");
    }

    @Test
    void delimitedModeNeedsADelimiter() throws IOException {
        Path file = Files.createFile(dir.resolve("f.txt"));
        sourceFails(config("file", file.toString(), "topic", "t", "record.mode", "delimited"), "record.delimiter", "required");
    }

    @Test
    void anUnknownCharsetNamesCharset() throws IOException {
        Path file = Files.createFile(dir.resolve("f.txt"));
        assertThatThrownBy(() -> new FileSourceConnector().start(config("file", file.toString(), "topic", "t", "charset", "klingon")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("charset").hasMessageContaining("klingon");
        assertThatThrownBy(() -> new FileSourceConnector().start(config("file", file.toString(), "topic", "t", "charset", "UTF-16")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("byte order");
    }

    @Test
    void moveNeedsACompletedFolder() {
        sourceFails(config("directory", dir.toString(), "topic", "t", "completed.action", "move"), "completed.directory", "required");
    }

    @Test
    void directoryKeysDoNotApplyToASingleFile() throws IOException {
        Path file = Files.createFile(dir.resolve("f.txt"));
        sourceFails(config("file", file.toString(), "topic", "t", "completed.action", "delete"), "completed.action", "directory");
    }

    @Test
    void aGoodSourceConfigValidates() throws IOException {
        Path file = Files.createFile(dir.resolve("f.txt"));
        assertThat(errors(new FileSourceConnector().validate(config("file", file.toString(), "topic", "t")))).isEmpty();
        assertThat(new FileSourceConnector().config().names()).contains("file", "topic", "batch.size", "directory", "glob");
    }

    @Test
    void theSinkNeedsAnExistingFolder() {
        sinkFails(config("topics", "t", "file", dir.resolve("missing/out.txt").toString()), "file", "does not exist");
    }

    @Test
    void theSinkNeedsFileOrPattern() {
        sinkFails(config("topics", "t"), "file", "file.pattern");
        sinkFails(config("topics", "t", "file", dir.resolve("a").toString(), "file.pattern", dir.resolve("b-{n}").toString()),
                "file.pattern", "only one");
    }

    @Test
    void aPatternNeedsTheSequenceNumber() {
        sinkFails(config("topics", "t", "file.pattern", dir.resolve("out-{time:yyyy}.txt").toString()), "file.pattern", "{n}");
        sinkFails(config("topics", "t", "file.pattern", dir.resolve("out-{x}.txt").toString()), "file.pattern", "Unknown placeholder");
    }

    @Test
    void rollingNeedsAPattern() {
        sinkFails(config("topics", "t", "file", dir.resolve("out.txt").toString(), "roll.size.bytes", "100"), "roll.size.bytes",
                "file.pattern");
    }

    @Test
    void anUnknownSinkFormatListsTheAllowedValues() {
        assertThatThrownBy(() -> new FileSinkConnector().start(config("topics", "t", "file", dir.resolve("o").toString(), "format", "xml")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("format").hasMessageContaining("value, json");
    }

    @Test
    void connectorsReportTheModuleVersion() {
        assertThat(new FileSourceConnector().version()).isEqualTo(Version.get()).isNotEqualTo("unknown").contains(".");
        assertThat(new FileSinkTask().version()).isEqualTo(Version.get());
    }
}

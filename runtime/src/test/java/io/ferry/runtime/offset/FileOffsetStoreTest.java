package io.ferry.runtime.offset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileOffsetStoreTest {

    @TempDir
    Path dir;

    private static Map<Map<String, Object>, Map<String, Object>> offsets(String file, long position) {
        Map<Map<String, Object>, Map<String, Object>> offsets = new HashMap<>();
        offsets.put(Map.of("filename", file), Map.of("position", position));
        return offsets;
    }

    @Test
    void offsetsSurviveARestartWithKafkaConnectsValueTypes() {
        Path file = dir.resolve("connect.offsets");
        FileOffsetStore store = new FileOffsetStore(file);
        store.start();
        assertThat(store.offset("source", Map.of("filename", "a.txt"))).isNull();
        Map<Map<String, Object>, Map<String, Object>> offsets = offsets("a.txt", 30);
        Map<String, Object> mixed = new HashMap<>();
        mixed.put("int", 7);
        mixed.put("double", 1.5);
        mixed.put("flag", true);
        mixed.put("text", "x");
        mixed.put("nothing", null);
        offsets.put(Map.of("filename", "b.txt", "shard", 2), mixed);
        store.write("source", offsets);
        store.write("other", offsets("a.txt", 99));

        FileOffsetStore reopened = new FileOffsetStore(file);
        reopened.start();
        assertThat(reopened.offset("source", Map.of("filename", "a.txt"))).isEqualTo(Map.of("position", 30L));
        Map<String, Object> back = reopened.offset("source", Map.of("filename", "b.txt", "shard", 2L));
        assertThat(back).containsEntry("int", 7L).containsEntry("double", 1.5).containsEntry("flag", true)
                .containsEntry("text", "x").containsEntry("nothing", null);
        assertThat(reopened.offset("other", Map.of("filename", "a.txt"))).isEqualTo(Map.of("position", 99L));
        assertThat(reopened.offsets("source")).hasSize(2);
    }

    @Test
    void writesReplaceTheFileInsteadOfRewritingItInPlace() throws Exception {
        Path file = dir.resolve("connect.offsets");
        FileOffsetStore store = new FileOffsetStore(file);
        store.start();
        store.write("source", offsets("a.txt", 10));
        // A hard link keeps the inode of the current file: an in-place rewrite would change what it shows.
        Path before = dir.resolve("before.link");
        Files.createLink(before, file);
        String old = Files.readString(before);

        store.write("source", offsets("a.txt", 20));

        assertThat(Files.readString(before)).isEqualTo(old).contains("10");
        assertThat(Files.readString(file)).contains("20");
        assertThat(dir.resolve("connect.offsets.tmp")).doesNotExist();
    }

    @Test
    void aLeftoverTemporaryFileFromACrashIsIgnored() throws Exception {
        Path file = dir.resolve("connect.offsets");
        FileOffsetStore store = new FileOffsetStore(file);
        store.start();
        store.write("source", offsets("a.txt", 10));
        Files.writeString(dir.resolve("connect.offsets.tmp"), "{\"format\":\"ferry-source-off", StandardCharsets.UTF_8);

        FileOffsetStore reopened = new FileOffsetStore(file);
        reopened.start();
        assertThat(reopened.offset("source", Map.of("filename", "a.txt"))).isEqualTo(Map.of("position", 10L));
        reopened.write("source", offsets("a.txt", 11));
        assertThat(new FileOffsetStore(file)).satisfies(s -> {
            s.start();
            assertThat(s.offset("source", Map.of("filename", "a.txt"))).isEqualTo(Map.of("position", 11L));
        });
    }

    @Test
    void aFileThatIsNotAnOffsetsFileIsNeverSilentlyReplaced() throws Exception {
        Path file = Files.writeString(dir.resolve("connect.offsets"), "\u00ac\u00ed\u0000\u0005sr\u0000java.util.HashMap");
        FileOffsetStore store = new FileOffsetStore(file);
        assertThatThrownBy(store::start).isInstanceOf(ConnectException.class).hasMessageContaining(file.toString());
        Files.writeString(file, "{\"something\":\"else\"}");
        assertThatThrownBy(store::start).isInstanceOf(ConnectException.class)
                .hasMessageContaining("is not a Ferry offsets file");
    }

    @Test
    void aNullOffsetRemovesThePartitionAndBadValuesAreRefused() {
        FileOffsetStore store = new FileOffsetStore(dir.resolve("connect.offsets"));
        store.start();
        store.write("source", offsets("a.txt", 10));
        Map<Map<String, Object>, Map<String, Object>> reset = new HashMap<>();
        reset.put(Map.of("filename", "a.txt"), null);
        store.write("source", reset);
        assertThat(store.offsets("source")).isEmpty();

        Map<Map<String, Object>, Map<String, Object>> bad = new HashMap<>();
        bad.put(Map.of("filename", "a.txt"), Map.of("when", new java.util.Date()));
        assertThatThrownBy(() -> store.write("source", bad)).isInstanceOf(DataException.class).hasMessageContaining("'when'");
        assertThatThrownBy(() -> OffsetFormat.check(Map.of("when", new java.util.Date()), "offset"))
                .isInstanceOf(DataException.class).hasMessageContaining("'when' holds a java.util.Date");
    }
}

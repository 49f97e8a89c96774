package io.ferry.connect.file;

import static io.ferry.testkit.driver.Records.header;
import static io.ferry.testkit.driver.Records.values;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.testkit.driver.SourceTaskDriver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Directory mode: glob, subfolders, new files, complete files and what happens to them. */
class SourceDirectoryTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path root;

    private final SourceTaskDriver<FileSourceTask> driver = SourceTaskDriver.of(FileSourceTask::new);

    @AfterEach
    void stop() {
        driver.close();
    }

    private Path write(String relative, String text) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private SourceTaskDriver<FileSourceTask> start(String... more) {
        String[] base = {"directory", root.toString(), "topic", "t", "poll.interval.ms", "20", "file.min.age.ms", "0",
                "headers.enable", "true"};
        String[] config = new String[base.length + more.length];
        System.arraycopy(base, 0, config, 0, base.length);
        System.arraycopy(more, 0, config, base.length, more.length);
        return driver.start(config);
    }

    @Test
    void theGlobPicksTheFilesAndHiddenFilesAreSkipped() throws IOException {
        write("a.log", "a1\na2\n");
        write("b.log", "b1\n");
        write("c.txt", "not me\n");
        write(".hidden.log", "not me either\n");
        write("sub/d.log", "not recursive\n");
        start("glob", "*.log");

        List<SourceRecord> records = driver.pollUntil(3, TIMEOUT);
        records.addAll(driver.drain());

        assertThat(values(records)).containsExactlyInAnyOrder("a1", "a2", "b1");
        assertThat(records).allSatisfy(r -> assertThat(r.sourcePartition().get("file")).asString().endsWith(".log"));
    }

    @Test
    void recursiveReadsSubfoldersWithTheirRelativePathInTheHeaders() throws IOException {
        write("top.csv", "t\n");
        write("x/y/deep.csv", "d\n");
        write("x/other.txt", "no\n");
        start("glob", "*.csv", "recursive", "true");

        List<SourceRecord> records = driver.pollUntil(2, TIMEOUT);

        assertThat(values(records)).containsExactlyInAnyOrder("t", "d");
        SourceRecord deep = records.stream().filter(r -> r.value().equals("d")).findFirst().orElseThrow();
        assertThat(header(deep, "filename")).isEqualTo("deep.csv");
        assertThat(header(deep, "path")).isEqualTo("x/y/");
        assertThat(header(deep, "absolute.path")).isEqualTo(root.resolve("x/y") + "/");
        SourceRecord top = records.stream().filter(r -> r.value().equals("t")).findFirst().orElseThrow();
        assertThat(header(top, "path")).isEqualTo("./");
    }

    @Test
    void aGlobWithASlashMatchesThePathBelowTheDirectory() throws IOException {
        write("in/keep.log", "k\n");
        write("out/skip.log", "s\n");
        start("glob", "in/*.log", "recursive", "true");

        assertThat(values(driver.pollUntil(1, TIMEOUT))).containsExactly("k");
        assertThat(driver.drain()).isEmpty();
    }

    @Test
    void newFilesAndGrowingFilesArePickedUp() throws IOException {
        write("first.log", "1\n");
        start();
        assertThat(values(driver.pollUntil(1, TIMEOUT))).containsExactly("1");

        write("second.log", "2\n");
        assertThat(values(driver.pollUntil(1, TIMEOUT))).containsExactly("2");

        write("first.log", "1b\n");
        assertThat(values(driver.pollUntil(1, TIMEOUT))).containsExactly("1b");
    }

    @Test
    void aCompleteFileSendsItsUnterminatedLastLine() throws IOException {
        write("f.txt", "x\nlast without newline");
        start();

        assertThat(values(driver.pollUntil(2, TIMEOUT))).containsExactly("x", "last without newline");
    }

    @Test
    void completedFilesAreDeletedOnceTheirOffsetsAreStored() throws IOException {
        Path file = write("f.txt", "x\ny\n");
        start("completed.action", "delete");
        assertThat(values(driver.pollUntil(2, TIMEOUT))).containsExactly("x", "y");
        driver.drain();
        assertThat(file).exists();

        driver.commit();
        driver.drain();

        assertThat(file).doesNotExist();
    }

    @Test
    void completedFilesMoveKeepingTheirSubfolder() throws IOException {
        Path done = root.resolveSibling(root.getFileName() + "-done");
        Path file = write("sub/f.txt", "x\n");
        write("sub/empty.txt", "");
        start("completed.action", "move", "completed.directory", done.toString(), "recursive", "true");
        assertThat(values(driver.pollUntil(1, TIMEOUT))).containsExactly("x");
        driver.commit();
        driver.drain();

        assertThat(file).doesNotExist();
        assertThat(done.resolve("sub/f.txt")).hasContent("x\n");
        assertThat(done.resolve("sub/empty.txt")).exists();
    }

    @Test
    void aMovedFileDoesNotReplaceOneWithTheSameName() throws IOException {
        Path done = Files.createDirectories(root.resolveSibling(root.getFileName() + "-done"));
        Files.writeString(done.resolve("f.txt"), "earlier");
        write("f.txt", "x\n");
        start("completed.action", "move", "completed.directory", done.toString());
        driver.pollUntil(1, TIMEOUT);
        driver.commit();
        driver.drain();

        assertThat(done.resolve("f.txt")).hasContent("earlier");
        assertThat(done.resolve("f.txt.1")).hasContent("x\n");
    }

    @Test
    void withNoActionCompleteFilesStayAndAreFollowed() throws IOException {
        Path file = write("f.txt", "x\n");
        start();
        driver.pollUntil(1, TIMEOUT);
        driver.commit();
        driver.drain();
        assertThat(file).exists();

        write("f.txt", "y\n");
        assertThat(values(driver.pollUntil(1, TIMEOUT))).containsExactly("y");
    }

    @Test
    void wholeFilesOfAFolderAreOneRecordEach() throws IOException {
        write("a.bin", "alpha\nwith lines\n");
        write("b.bin", "beta");
        start("record.mode", "file", "completed.action", "delete");

        List<SourceRecord> records = driver.pollUntil(2, TIMEOUT);

        assertThat(values(records)).containsExactlyInAnyOrder("alpha\nwith lines\n", "beta");
        driver.commit();
        driver.drain();
        assertThat(root.resolve("a.bin")).doesNotExist();
        assertThat(root.resolve("b.bin")).doesNotExist();
    }

    @Test
    void aRestartResumesEachFileAtItsStoredPosition() throws IOException {
        write("a.log", "a1\n");
        write("b.log", "b1\n");
        start();
        driver.pollUntil(2, TIMEOUT);
        driver.commit();
        write("a.log", "a2\n");
        driver.restart();

        assertThat(values(driver.pollUntil(1, TIMEOUT))).containsExactly("a2");
        assertThat(driver.drain()).isEmpty();
    }

    @Test
    void aRenamedFileMatchingTheGlobIsNotReadTwice() throws IOException {
        write("app.log", "a1\na2\n");
        start("glob", "app.log*");
        assertThat(values(driver.pollUntil(2, TIMEOUT))).containsExactly("a1", "a2");

        Files.move(root.resolve("app.log"), root.resolve("app.log.1"));
        write("app.log", "b1\n");

        List<SourceRecord> records = driver.pollUntil(1, TIMEOUT);
        records.addAll(driver.drain());
        assertThat(values(records)).containsExactly("b1");
    }

    @Test
    void aFileRenamedWhileStoppedResumesWhereItWas() throws IOException {
        write("app.log", "a1\n");
        start("glob", "app.log*");
        driver.pollUntil(1, TIMEOUT);
        driver.commit();
        driver.task().stop();

        write("app.log", "a2\n");
        Files.move(root.resolve("app.log"), root.resolve("app.log.1"));
        driver.restart();

        List<SourceRecord> records = driver.pollUntil(1, TIMEOUT);
        records.addAll(driver.drain());
        assertThat(values(records)).containsExactly("a2");
        assertThat(records.get(0).sourcePartition()).isEqualTo(Map.of("file", root.resolve("app.log.1").toString()));
    }

    @Test
    void aFileRotatedWhileStoppedIsFollowedUnderItsNewNameOnly() throws IOException {
        write("app.log", "a1\n");
        start("glob", "app.log*");
        driver.pollUntil(1, TIMEOUT);
        driver.commit();
        driver.task().stop();

        write("app.log", "a2\n");
        Files.move(root.resolve("app.log"), root.resolve("app.log.1"));
        write("app.log", "b1\n");
        driver.restart();

        List<SourceRecord> records = driver.pollUntil(2, TIMEOUT);
        records.addAll(driver.drain());
        assertThat(values(records)).containsExactlyInAnyOrder("a2", "b1");
    }
}

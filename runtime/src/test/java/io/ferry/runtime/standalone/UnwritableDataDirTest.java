package io.ferry.runtime.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.runtime.testing.WorkerFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker whose data directory cannot be written says what failed and which settings move Ferry's files, in one
 * line, instead of only naming a path.
 */
class UnwritableDataDirTest {

    @TempDir
    Path dir;

    @Test
    void aReadOnlyDataDirSaysPermissionDeniedAndNamesTheSettings() throws Exception {
        Path readOnly = Files.createDirectories(dir.resolve("read-only"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            // As root permissions do not apply: a path below a regular file fails (not a directory) for everyone.
            boolean permissionsApply = !Files.isWritable(readOnly);
            Path data = permissionsApply ? readOnly.resolve("data")
                    : Files.writeString(dir.resolve("a-file"), "not a folder").resolve("data");
            String expected = permissionsApply ? ": permission denied" : ": not a directory (a file is in the way)";
            try (WorkerFixture worker = new WorkerFixture(dir.resolve("root")).set("ferry.data.dir", data.toString())) {
                assertThatThrownBy(worker::start).isInstanceOf(ConnectException.class)
                        .hasMessageStartingWith("Cannot write " + (permissionsApply ? readOnly.resolve("data") : data))
                        .hasMessageContaining(expected)
                        .hasMessageContaining("Ferry keeps its state in ferry.data.dir (now " + data + ")")
                        .hasMessageContaining("the embedded broker's log in ferry.broker.log.dirs (now " + data.resolve("broker") + ")")
                        .hasMessageEndingWith("set it to a folder Ferry can write")
                        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
            }
        } finally {
            Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }
}

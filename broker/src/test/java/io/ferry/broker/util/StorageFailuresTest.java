package io.ferry.broker.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NotDirectoryException;
import org.junit.jupiter.api.Test;

class StorageFailuresTest {

    @Test
    void namesWhatFailedWhereTheExceptionOnlyNamesThePath() {
        assertThat(StorageFailures.describe(new AccessDeniedException("/srv/data"))).isEqualTo("/srv/data: permission denied");
        assertThat(StorageFailures.describe(new FileSystemException("/srv/data/broker", null, "No space left on device")))
                .isEqualTo("/srv/data/broker: disk full (no space left on device)");
        assertThat(StorageFailures.describe(new FileSystemException("/f/data", null, "Not a directory")))
                .isEqualTo("/f/data: not a directory (a file is in the way)");
        assertThat(StorageFailures.describe(new NotDirectoryException("/f/data"))).isEqualTo("/f/data: not a directory (a file is in the way)");
        assertThat(StorageFailures.describe(new FileSystemException("/ro", null, "Read-only file system"))).isEqualTo("/ro: read-only file system");
        assertThat(StorageFailures.describe(new FileSystemException("/q", null, "Disk quota exceeded"))).isEqualTo("/q: disk quota exceeded");
        assertThat(StorageFailures.describe(new IOException("No space left on device"))).isEqualTo("disk full (no space left on device)");
        assertThat(StorageFailures.describe(new IOException())).isEqualTo("IOException");
    }
}

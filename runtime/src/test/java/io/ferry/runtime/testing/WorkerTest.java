package io.ferry.runtime.testing;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** A test of an in-process worker: a temporary root folder, the {@link WorkerFixture} (closed after each test). */
public abstract class WorkerTest {

    /** How long a test waits for the worker to do something. */
    protected static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    protected Path root;

    /** The worker under test; set by the test, closed after it. */
    protected WorkerFixture fixture;

    @AfterEach
    final void closeFixture() {
        if (fixture != null) {
            fixture.close();
        }
    }
}

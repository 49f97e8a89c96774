package io.ferry.runtime.docker;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository root (the folder holding docker/Dockerfile), found from the test's working directory upwards. */
final class RepoRoot {

    static final Path PATH = find();

    private RepoRoot() {
    }

    private static Path find() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("docker").resolve("Dockerfile"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("repository root with docker/Dockerfile not found");
        }
        return p;
    }
}

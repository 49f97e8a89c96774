package io.ferry.connect.file.source;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** What happens to a complete file in directory mode once Kafka acknowledged its records. */
public enum CompletedAction {
    /** The file stays where it is and is followed further. */
    NONE,
    /** The file is deleted. */
    DELETE,
    /** The file moves to the completed folder, keeping its folder below the source directory. */
    MOVE;

    /**
     * Applies the action to {@code file}.
     *
     * @param root   the source directory (for the relative folder kept by MOVE)
     * @param target the completed folder (MOVE only)
     * @return where the file went (MOVE), or null
     */
    public Path apply(Path file, Path root, Path target) throws IOException {
        switch (this) {
            case DELETE -> {
                Files.deleteIfExists(file);
                return null;
            }
            case MOVE -> {
                Path relative = root.relativize(file);
                Path destination = target.resolve(relative.toString());
                Files.createDirectories(destination.getParent());
                return moveWithoutReplacing(file, destination);
            }
            default -> {
                return null;
            }
        }
    }

    /** Moves to {@code destination}, or to {@code name.1}, {@code name.2}, ... if that exists. */
    private static Path moveWithoutReplacing(Path file, Path destination) throws IOException {
        Path candidate = destination;
        for (int i = 1; ; i++) {
            try {
                if (Files.exists(candidate)) {
                    throw new FileAlreadyExistsException(candidate.toString());
                }
                return Files.move(file, candidate, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException e) {
                candidate = destination.resolveSibling(destination.getFileName() + "." + i);
            } catch (java.nio.file.AtomicMoveNotSupportedException e) {
                return Files.move(file, candidate);
            }
        }
    }
}

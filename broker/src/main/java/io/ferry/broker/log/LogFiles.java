package io.ferry.broker.log;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/** Names of the files in a partition directory, and the durable small-file write every checkpoint uses. */
final class LogFiles {

    static final String LOG_SUFFIX = ".log";
    static final String INDEX_SUFFIX = ".index";
    static final String TIME_INDEX_SUFFIX = ".timeindex";
    /** A segment waiting for its delayed removal. */
    static final String DELETED_SUFFIX = ".deleted";
    /** Compaction output still being written: discarded at start-up. */
    static final String CLEANED_SUFFIX = ".cleaned";
    /** Complete compaction output not yet swapped in: finished at start-up. */
    static final String SWAP_SUFFIX = ".swap";
    static final String TMP_SUFFIX = ".tmp";

    private LogFiles() {
    }

    static String baseName(long baseOffset) {
        return String.format("%020d", baseOffset);
    }

    static File logFile(File dir, long baseOffset) {
        return new File(dir, baseName(baseOffset) + LOG_SUFFIX);
    }

    static File offsetIndexFile(File dir, long baseOffset) {
        return new File(dir, baseName(baseOffset) + INDEX_SUFFIX);
    }

    static File timeIndexFile(File dir, long baseOffset) {
        return new File(dir, baseName(baseOffset) + TIME_INDEX_SUFFIX);
    }

    /** The base offset of a file named {@code <20 digits><suffix>}, or -1 if the name has another form. */
    static long baseOffsetOf(String fileName, String suffix) {
        if (!fileName.endsWith(suffix) || fileName.length() != 20 + suffix.length()) {
            return -1;
        }
        String digits = fileName.substring(0, 20);
        for (int i = 0; i < digits.length(); i++) {
            if (!Character.isDigit(digits.charAt(i))) {
                return -1;
            }
        }
        return Long.parseLong(digits);
    }

    /**
     * Replaces {@code target} with {@code content} so that a crash leaves either the old or the new file: writes a
     * temporary file, forces it to disk, renames it over the target and forces the directory.
     */
    static void writeAtomically(Path target, String content) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + TMP_SUFFIX);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        moveAtomically(tmp, target);
        fsyncDirectory(target.getParent());
    }

    static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Makes renames and deletions in a directory durable (a no-op where directories cannot be opened). */
    static void fsyncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Some platforms (Windows) cannot open a directory; the rename is still atomic there.
        }
    }

    /** Deletes a directory tree; missing files are ignored. */
    static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}

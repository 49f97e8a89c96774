package io.ferry.broker.util;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;

/**
 * Says in words what a failed file operation met: "permission denied", "disk full", "a file is in the way"... where
 * {@link IOException#getMessage()} is often only the path ({@link AccessDeniedException}).
 */
public final class StorageFailures {

    private StorageFailures() {
    }

    /** {@code "/the/path: permission denied"}, or the reason alone if the exception names no file. */
    public static String describe(IOException e) {
        String file = e instanceof FileSystemException f ? f.getFile() : null;
        return file == null ? reason(e) : file + ": " + reason(e);
    }

    /** What went wrong, in the words an operator would search for. */
    public static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NotDirectoryException || e instanceof FileAlreadyExistsException) {
            return "not a directory (a file is in the way)";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        String reason = e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : e.getMessage();
        if (reason == null) {
            return e.getClass().getSimpleName();
        }
        String lower = reason.toLowerCase(Locale.ROOT);
        if (lower.contains("no space left")) {
            return "disk full (no space left on device)";
        }
        if (lower.contains("quota")) {
            return "disk quota exceeded";
        }
        if (lower.contains("not a directory")) {
            return "not a directory (a file is in the way)";
        }
        if (lower.contains("read-only file system")) {
            return "read-only file system";
        }
        if (lower.contains("permission denied")) {
            return "permission denied";
        }
        return reason;
    }
}

package io.ferry.connect.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The folders below which the connectors may read and write: {@value #KEY}, which Ferry's worker
 * sets from its own setting of that name (a configuration cannot set it there); empty, as in Apache
 * Kafka Connect unless given, means anywhere. A path is inside a root when its real path (symbolic
 * links and {@code ..} resolved; for a file yet to be created, the real path of its nearest existing
 * folder, a dangling link followed) starts with the root's real path. This mirrors the worker's
 * {@code io.ferry.runtime.security.AllowedPaths}: plugins share no code with the worker.
 */
final class AllowedRoots {

    static final String KEY = "ferry.file.allowed.paths";
    private static final int MAX_LINKS = 40;

    private final List<Path> roots;

    private AllowedRoots(List<Path> roots) {
        this.roots = roots;
    }

    /** Adds {@value #KEY} to a connector's definition. */
    static ConfigDef define(ConfigDef definition) {
        return definition.define(KEY, Type.LIST, "", Importance.LOW,
                "The folders (comma-separated) below which this connector may read and write. Ferry's worker sets it from "
                        + "its own " + KEY + " and refuses it in a connector configuration; empty: anywhere.");
    }

    static AllowedRoots of(List<String> values) {
        return new AllowedRoots(values.stream().map(String::trim).filter(v -> !v.isEmpty())
                .map(v -> real(Path.of(v))).distinct().toList());
    }

    /** Whether {@code path} may be used (always, without roots). */
    boolean allows(Path path) {
        if (roots.isEmpty()) {
            return true;
        }
        Path real = real(path);
        return roots.stream().anyMatch(real::startsWith);
    }

    /**
     * Adds a problem for {@code key} if {@code path} is outside every root.
     *
     * @return whether the path is allowed (null counts as allowed)
     */
    boolean check(ConfigProblems problems, String key, Path path) {
        if (path == null || allows(path)) {
            return true;
        }
        problems.add(key, key + ": " + path + " is outside the folders this connector may use: "
                + roots.stream().map(Path::toString).collect(Collectors.joining(", ", "[", "]")) + " (worker setting " + KEY + ")");
        return false;
    }

    static Path real(Path path) {
        return real(path, 0);
    }

    private static Path real(Path path, int depth) {
        Path existing = path.toAbsolutePath();
        Deque<Path> missing = new ArrayDeque<>();
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            missing.push(existing.getFileName());
            existing = existing.getParent();
        }
        Path result = existing == null ? path.toAbsolutePath().getRoot() : resolved(existing, depth);
        while (!missing.isEmpty()) {
            result = result.resolve(missing.pop());
        }
        return result.normalize();
    }

    /** The real path of an existing entry; a dangling link: where it points; a loop: as written. */
    private static Path resolved(Path existing, int depth) {
        try {
            return existing.toRealPath();
        } catch (IOException e) {
            if (depth < MAX_LINKS && Files.isSymbolicLink(existing)) {
                try {
                    return real(existing.resolveSibling(Files.readSymbolicLink(existing)), depth + 1);
                } catch (IOException unreadable) {
                    return existing.normalize();
                }
            }
            return existing.normalize();
        }
    }
}

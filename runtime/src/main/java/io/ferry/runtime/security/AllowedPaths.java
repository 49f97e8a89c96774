package io.ferry.runtime.security;

import io.ferry.runtime.config.ConfigProblem;
import io.ferry.runtime.config.WorkerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The folders below which file connectors may read and write ({@value #KEY}; Kafka's KIP-993
 * {@code allowed.paths} idea). Default: the folder the worker started in and {@code ferry.data.dir}.
 *
 * <p>How the rule reaches connectors (see docs/adr/0018-worker-security.md): a connector whose
 * {@link ConfigDef} declares {@value #KEY} (Ferry's file connectors) gets the worker's roots in that
 * key of the configuration it validates and starts with ({@link #inject}), and checks its own path
 * keys, also in Apache Kafka Connect where nobody injects it. Apache's FileStream connectors do not
 * know the key: the worker checks their {@code file} itself ({@link #problems}). A connector
 * configuration may not set {@value #KEY}: only the worker does.
 *
 * <p>A path is inside a root when its real path (symbolic links and {@code ..} resolved; for a file
 * yet to be created, the real path of its nearest existing folder) starts with the root's real path.
 */
public final class AllowedPaths {

    /** The worker setting, and the connector key the worker fills in. */
    public static final String KEY = "ferry.file.allowed.paths";

    /** Apache's FileStream connectors, whose {@code file} the worker checks (they do not know {@value #KEY}). */
    static final Set<String> APACHE_FILE_CONNECTORS = Set.of("org.apache.kafka.connect.file.FileStreamSourceConnector",
            "org.apache.kafka.connect.file.FileStreamSinkConnector");
    static final String APACHE_FILE_KEY = "file";

    /** Links followed at most when resolving a dangling link (as Linux's 40). */
    private static final int MAX_LINKS = 40;

    private final List<Path> roots;

    AllowedPaths(List<Path> roots) {
        this.roots = roots.stream().map(AllowedPaths::real).distinct().toList();
    }

    /** The worker's roots: {@value #KEY}, or the working folder and {@code ferry.data.dir}. */
    public static AllowedPaths of(WorkerConfig worker) {
        List<String> configured = worker.getList(KEY);
        if (configured.isEmpty()) {
            return new AllowedPaths(List.of(Path.of("").toAbsolutePath(), worker.dataDir()));
        }
        return new AllowedPaths(configured.stream().map(String::trim).filter(s -> !s.isEmpty()).map(Path::of).toList());
    }

    public List<Path> roots() {
        return roots;
    }

    /** Whether {@code path} (relative: to the working folder) is below a root after resolving links and {@code ..}. */
    public boolean allows(Path path) {
        Path real = real(path);
        return roots.stream().anyMatch(real::startsWith);
    }

    /**
     * The problems of a connector configuration: {@value #KEY} set by the configuration, and
     * Apache FileStream's {@code file} outside the roots.
     */
    public List<ConfigProblem> problems(String connectorClass, Map<String, String> props) {
        List<ConfigProblem> problems = new ArrayList<>();
        if (props.containsKey(KEY)) {
            problems.add(new ConfigProblem(KEY, "is set by the worker (its own " + KEY + ": " + describe()
                    + "); remove it from the connector configuration"));
        }
        String file = props.get(APACHE_FILE_KEY);
        if (APACHE_FILE_CONNECTORS.contains(connectorClass) && file != null && !file.isBlank()) {
            try {
                if (!allows(Path.of(file.trim()))) {
                    problems.add(new ConfigProblem(APACHE_FILE_KEY, outside(file.trim())));
                }
            } catch (InvalidPathException e) {
                problems.add(new ConfigProblem(APACHE_FILE_KEY, "not a valid path: " + e.getReason()));
            }
        }
        return problems;
    }

    /** The message for a path outside every root. */
    public String outside(String path) {
        return path + " is outside the folders file connectors may use: " + describe() + " (worker setting " + KEY + ")";
    }

    /** The roots as the worker's log and errors show them. */
    public String describe() {
        return roots.stream().map(Path::toString).collect(Collectors.joining(", ", "[", "]"));
    }

    /**
     * {@code props} with {@value #KEY} set to the roots if {@code definition} declares the key,
     * else {@code props} itself.
     */
    public Map<String, String> inject(ConfigDef definition, Map<String, String> props) {
        if (definition == null || !definition.names().contains(KEY)) {
            return props;
        }
        Map<String, String> result = new LinkedHashMap<>(props);
        result.put(KEY, roots.stream().map(Path::toString).collect(Collectors.joining(",")));
        return result;
    }

    /**
     * The real path of {@code path}: links and {@code ..} resolved by the file system as far as the
     * path exists, the rest appended and normalized. A dangling link is followed to where it points
     * (writing through it would create its target).
     */
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
        Path result;
        if (existing == null) {
            result = path.toAbsolutePath().getRoot();
        } else {
            try {
                result = existing.toRealPath();
            } catch (IOException e) {
                result = dangling(existing, depth);
            }
        }
        while (!missing.isEmpty()) {
            result = result.resolve(missing.pop());
        }
        return result.normalize();
    }

    /** Where a link that cannot be resolved points; a loop or an unreadable folder: the path as written. */
    private static Path dangling(Path link, int depth) {
        if (depth < MAX_LINKS && Files.isSymbolicLink(link)) {
            try {
                return real(link.resolveSibling(Files.readSymbolicLink(link)), depth + 1);
            } catch (IOException e) {
                return link.normalize();
            }
        }
        return link.normalize();
    }
}

package io.ferry.runtime.plugin;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What scanning the class files of a plugin location found, kept on disk so that later starts skip the scan (the
 * NiFi plugin's ~35 JARs take ~0.3 s to scan, a fifth of a cold start). An entry is used only while everything the
 * scan read is unchanged: each JAR of the location (path, size, modification time) and the worker's own class path
 * and Java version, which resolve the plugins' super types. Locations holding class directories are always scanned.
 * The cache only ever names candidate classes: each is still loaded and checked as after a scan. A cache that
 * cannot be read or written is ignored (one debug line).
 */
final class ScanCache {

    /** The system property naming the directory ({@code bin/ferry} sets it); no caching without it. */
    static final String DIRECTORY_PROPERTY = "ferry.plugin.index.dir";

    private static final Logger log = LoggerFactory.getLogger(ScanCache.class);
    private static final String HEADER = "ferry-plugin-scan v1";
    private static final ScanCache NONE = new ScanCache(null);

    /** A scan of one location: class name to the plugin kinds it is. */
    interface Scan {
        Map<String, Set<PluginKind>> run() throws IOException;
    }

    private final Path directory;
    private String workerStamp;

    private ScanCache(Path directory) {
        this.directory = directory;
    }

    /** A cache in {@code directory} (created when first written). */
    static ScanCache in(Path directory) {
        return new ScanCache(directory.toAbsolutePath().normalize());
    }

    /** The cache the {@value #DIRECTORY_PROPERTY} system property names, or none. */
    static ScanCache fromSystemProperty() {
        String dir = System.getProperty(DIRECTORY_PROPERTY, "");
        return dir.isBlank() ? NONE : in(Path.of(dir));
    }

    /** The candidates of {@code source}: from the cache if its entry is current, else from {@code scan} (then stored). */
    Map<String, Set<PluginKind>> candidates(PluginSource source, Scan scan) throws IOException {
        String key = directory == null ? null : key(source.roots());
        if (key == null) {
            return scan.run();
        }
        Path file = directory.resolve(digest(source.location()).substring(0, 24) + ".idx");
        Map<String, Set<PluginKind>> cached = read(file, key);
        if (cached != null) {
            log.debug("Plugin location {}: scan results from {}", source.location(), file);
            return cached;
        }
        Map<String, Set<PluginKind>> found = scan.run();
        write(file, key, found);
        return found;
    }

    /** What the scan of {@code roots} depends on, as a digest; null if a root is not a plain file. */
    private String key(List<Path> roots) {
        StringBuilder stamp = new StringBuilder(workerStamp());
        for (Path root : roots) {
            String file = stamp(root);
            if (file == null) {
                return null;
            }
            stamp.append('\n').append(file);
        }
        return digest(stamp.toString());
    }

    private synchronized String workerStamp() {
        if (workerStamp == null) {
            StringBuilder stamp = new StringBuilder(HEADER).append('\n').append(System.getProperty("java.vm.version"));
            for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
                String file = entry.isBlank() ? null : stamp(Path.of(entry));
                stamp.append('\n').append(file == null ? entry : file);
            }
            workerStamp = stamp.toString();
        }
        return workerStamp;
    }

    private static String stamp(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            if (!attributes.isRegularFile()) {
                return null;
            }
            return file.toAbsolutePath().normalize() + "\t" + attributes.size() + "\t"
                    + attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS);
        } catch (IOException e) {
            return null;
        }
    }

    private static Map<String, Set<PluginKind>> read(Path file, String key) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null; // not there yet, or unreadable: scan
        }
        if (lines.size() < 2 || !lines.get(0).equals(HEADER) || !lines.get(1).equals(key)) {
            return null;
        }
        Map<String, Set<PluginKind>> candidates = new LinkedHashMap<>();
        for (String line : lines.subList(2, lines.size())) {
            int tab = line.indexOf('\t');
            if (tab <= 0) {
                return null;
            }
            Set<PluginKind> kinds = EnumSet.noneOf(PluginKind.class);
            for (String kind : line.substring(tab + 1).split(",")) {
                try {
                    kinds.add(PluginKind.valueOf(kind));
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
            candidates.put(line.substring(0, tab), kinds);
        }
        return candidates;
    }

    private static void write(Path file, String key, Map<String, Set<PluginKind>> candidates) {
        StringBuilder content = new StringBuilder(HEADER).append('\n').append(key).append('\n');
        candidates.forEach((className, kinds) -> content.append(className).append('\t')
                .append(kinds.stream().map(Enum::name).collect(Collectors.joining(","))).append('\n'));
        Path temp = null;
        try {
            Files.createDirectories(file.getParent());
            temp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            Files.writeString(temp, content, StandardCharsets.UTF_8);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            log.debug("Cannot keep plugin scan results in {}: {}", file, e.toString());
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // nothing more to do: the next start scans again
                }
            }
        }
    }

    private static String digest(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}

package io.ferry.runtime.plugin;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitOption;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipFile;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * File-system side of the plugin path: which entries are plugin locations, which JARs and class
 * directories make up a location, and whether a location is complete enough to load.
 */
public final class PluginLocations {

    /** The name of the worker configuration property. */
    public static final String PLUGIN_PATH_CONFIG = "plugin.path";

    private static final Logger log = LoggerFactory.getLogger(PluginLocations.class);
    private static final int MAX_DEPTH = 32;

    private PluginLocations() {
    }

    /**
     * A cheap summary of a location's files (count, total size, newest modification time), to
     * notice that a location changed or is still being copied.
     */
    public record Fingerprint(long files, long bytes, long lastModifiedMillis) {
    }

    /**
     * Parses a {@code plugin.path} value: comma-separated directories (or JARs), blanks ignored.
     *
     * @throws ConfigException if an entry is not a valid path
     */
    public static List<Path> parsePluginPath(String value) {
        List<Path> entries = new ArrayList<>();
        if (value == null) {
            return entries;
        }
        for (String element : value.split(",")) {
            String trimmed = element.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            try {
                entries.add(Paths.get(trimmed).toAbsolutePath().normalize());
            } catch (InvalidPathException e) {
                throw new ConfigException(PLUGIN_PATH_CONFIG, value, "'" + trimmed + "' is not a valid path: " + e.getReason());
            }
        }
        return entries;
    }

    /**
     * The plugin locations of one {@code plugin.path} entry, sorted: the entry itself if it is a
     * JAR, else each sub-directory and each JAR (or ZIP) directly inside it. Hidden files and
     * other files are ignored. A missing entry has no locations.
     */
    public static List<Path> locationsIn(Path entry) throws IOException {
        if (Files.isRegularFile(entry)) {
            return isArchive(entry) ? List.of(entry) : List.of();
        }
        if (!Files.isDirectory(entry)) {
            return List.of();
        }
        Set<Path> locations = new TreeSet<>();
        try (DirectoryStream<Path> listing = Files.newDirectoryStream(entry)) {
            for (Path child : listing) {
                if (child.getFileName().toString().startsWith(".")) {
                    continue;
                }
                if (Files.isDirectory(child) || (isArchive(child) && Files.isRegularFile(child))) {
                    locations.add(child.toAbsolutePath().normalize());
                }
            }
        }
        return new ArrayList<>(locations);
    }

    /**
     * The class path roots of a plugin location: the JAR itself; or, for a directory, every JAR
     * found under it (following symbolic links), or the directory itself when it holds only
     * class files. Empty when there is nothing to load.
     */
    public static List<Path> rootsOf(Path location) throws IOException {
        if (!Files.isDirectory(location)) {
            return isArchive(location) ? List.of(location) : List.of();
        }
        Set<Path> archives = new TreeSet<>();
        boolean[] classFiles = {false};
        Files.walkFileTree(location, EnumSet.of(FileVisitOption.FOLLOW_LINKS), MAX_DEPTH, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile() && isArchive(file)) {
                    archives.add(file.toAbsolutePath().normalize());
                } else if (attrs.isRegularFile() && file.getFileName().toString().endsWith(".class")) {
                    classFiles[0] = true;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                log.warn("Ignoring {} in plugin location {}: {}", file, location, e.toString());
                return FileVisitResult.CONTINUE;
            }
        });
        if (archives.isEmpty()) {
            return classFiles[0] ? List.of(location) : List.of();
        }
        if (classFiles[0]) {
            log.warn("Plugin location {} holds both JARs and class files; only its JARs are used", location);
        }
        return new ArrayList<>(archives);
    }

    /**
     * Checks that every archive among the {@code roots} of {@code location} opens as a complete
     * ZIP file (a JAR still being copied has no central directory yet).
     *
     * @throws IOException naming the first archive that is not valid
     */
    public static void checkArchives(Path location, List<Path> roots) throws IOException {
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                try (ZipFile zip = new ZipFile(root.toFile())) {
                    zip.size();
                } catch (IOException e) {
                    String what = root.equals(location) ? "it" : location.relativize(root).toString();
                    throw new IOException(what + " is not a valid JAR (" + e.getMessage() + ")", e);
                }
            }
        }
    }

    /** The fingerprint of a location, or {@code null} if it does not exist (any more). */
    public static Fingerprint fingerprint(Path location) {
        try {
            if (!Files.isDirectory(location)) {
                BasicFileAttributes attrs = Files.readAttributes(location, BasicFileAttributes.class);
                return new Fingerprint(1, attrs.size(), attrs.lastModifiedTime().toMillis());
            }
            long[] sum = new long[3];
            Files.walkFileTree(location, EnumSet.of(FileVisitOption.FOLLOW_LINKS), MAX_DEPTH, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    sum[0]++;
                    sum[1] += attrs.size();
                    sum[2] = Math.max(sum[2], attrs.lastModifiedTime().toMillis());
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
            return new Fingerprint(sum[0], sum[1], sum[2]);
        } catch (IOException e) {
            return null;
        }
    }

    /** Whether the file name ends in {@code .jar} or {@code .zip}. */
    public static boolean isArchive(Path path) {
        String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".jar") || name.endsWith(".zip");
    }

    /**
     * The worker's own class path: {@code java.class.path}, expanded with the {@code Class-Path}
     * of JAR manifests (as used by launchers that put a manifest-only JAR on the class path).
     */
    public static List<Path> classPathEntries() {
        Set<Path> entries = new LinkedHashSet<>();
        Deque<Path> pending = new ArrayDeque<>();
        for (String element : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!element.isBlank()) {
                try {
                    pending.add(Paths.get(element).toAbsolutePath().normalize());
                } catch (InvalidPathException e) {
                    log.debug("Ignoring class path element {}: {}", element, e.getReason());
                }
            }
        }
        while (!pending.isEmpty()) {
            Path entry = pending.poll();
            if (!Files.exists(entry)) {
                continue;
            }
            if (entries.add(entry) && Files.isRegularFile(entry) && isArchive(entry)) {
                pending.addAll(manifestClassPath(entry));
            }
        }
        return new ArrayList<>(entries);
    }

    private static List<Path> manifestClassPath(Path jar) {
        List<Path> result = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            String classPath = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            if (classPath == null) {
                return result;
            }
            for (String element : classPath.trim().split("\\s+")) {
                try {
                    URI uri = jar.toUri().resolve(element);
                    result.add(Paths.get(uri).toAbsolutePath().normalize());
                } catch (IllegalArgumentException | FileSystemNotFoundException e) {
                    log.debug("Ignoring Class-Path element {} of {}: {}", element, jar, e.toString());
                }
            }
        } catch (IOException e) {
            log.debug("Cannot read the manifest of class path JAR {}: {}", jar, e.toString());
        }
        return result;
    }
}

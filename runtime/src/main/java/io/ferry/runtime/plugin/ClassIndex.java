package io.ferry.runtime.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The class-file headers of a set of class path roots, and which plugin kinds each public
 * concrete class among them is, worked out from the headers without loading the classes. Super
 * types outside the roots (the Connect API, the JDK, the worker's libraries) are loaded, without
 * initialisation, from the worker's class loader. Not thread-safe; used by one scan.
 */
final class ClassIndex {

    private static final Logger log = LoggerFactory.getLogger(ClassIndex.class);

    private final Map<String, ClassFileHeader> headers = new LinkedHashMap<>();
    private final Map<String, Set<PluginKind>> kindsByType = new HashMap<>();
    private final ClassLoader worker;

    private ClassIndex(ClassLoader worker) {
        this.worker = worker;
    }

    /**
     * Reads the class headers of every JAR and class directory in {@code roots}.
     *
     * @param failOnError whether an unreadable root fails the whole index (a plugin location) or
     *                    is skipped with a warning (the worker's class path)
     */
    static ClassIndex read(List<Path> roots, ClassLoader worker, boolean failOnError) throws IOException {
        ClassIndex index = new ClassIndex(worker);
        for (Path root : roots) {
            try {
                if (Files.isDirectory(root)) {
                    index.readDirectory(root);
                } else if (Files.isRegularFile(root)) {
                    index.readArchive(root);
                }
            } catch (IOException e) {
                if (failOnError) {
                    throw new IOException("cannot read " + root + ": " + e.getMessage(), e);
                }
                log.warn("Skipping {} while scanning for plugins: {}", root, e.toString());
            }
        }
        return index;
    }

    /** Public concrete classes that are plugins, with their kinds, in class path order. */
    Map<String, Set<PluginKind>> pluginCandidates() {
        Map<String, Set<PluginKind>> candidates = new LinkedHashMap<>();
        for (ClassFileHeader header : headers.values()) {
            if (header.isPublicConcreteClass()) {
                Set<PluginKind> kinds = kindsOf(header.name());
                if (!kinds.isEmpty()) {
                    candidates.put(header.name(), kinds);
                }
            }
        }
        return candidates;
    }

    private Set<PluginKind> kindsOf(String type) {
        Set<PluginKind> known = kindsByType.get(type);
        if (known != null) {
            return known;
        }
        kindsByType.put(type, Collections.emptySet()); // guards against (malformed) cycles
        Set<PluginKind> kinds = EnumSet.noneOf(PluginKind.class);
        for (PluginKind kind : PluginKind.values()) {
            if (kind.baseType().getName().equals(type)) {
                kinds.add(kind);
            }
        }
        ClassFileHeader header = headers.get(type);
        if (header != null) {
            for (String superType : header.superTypes()) {
                kinds.addAll(kindsOf(superType));
            }
        } else if (!type.equals("java.lang.Object")) {
            kinds.addAll(kindsOfWorkerType(type));
        }
        Set<PluginKind> result = kinds.isEmpty() ? Collections.emptySet() : Collections.unmodifiableSet(kinds);
        kindsByType.put(type, result);
        return result;
    }

    private Set<PluginKind> kindsOfWorkerType(String type) {
        Set<PluginKind> kinds = EnumSet.noneOf(PluginKind.class);
        try {
            Class<?> loaded = Class.forName(type, false, worker);
            for (PluginKind kind : PluginKind.values()) {
                if (kind.baseType().isAssignableFrom(loaded)) {
                    kinds.add(kind);
                }
            }
        } catch (ClassNotFoundException | LinkageError e) {
            // Not available to the worker either: classes extending it cannot be loaded anyway.
            log.trace("Super type {} not found while scanning: {}", type, e.toString());
        }
        return kinds;
    }

    private void readArchive(Path archive) throws IOException {
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (!entry.isDirectory() && isScannableClassFile(entry.getName())) {
                    try (InputStream in = zip.getInputStream(entry)) {
                        add(in, archive, entry.getName());
                    }
                }
            }
        }
    }

    private void readDirectory(Path directory) throws IOException {
        Files.walkFileTree(directory, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String relative = directory.relativize(file).toString().replace('\\', '/');
                if (attrs.isRegularFile() && isScannableClassFile(relative)) {
                    try (InputStream in = Files.newInputStream(file)) {
                        add(in, directory, relative);
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                log.debug("Cannot read {} while scanning for plugins: {}", file, e.toString());
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private void add(InputStream in, Path root, String entryName) {
        try {
            ClassFileHeader header = ClassFileHeader.read(in);
            headers.putIfAbsent(header.name(), header);
        } catch (IOException e) {
            log.debug("Skipping {} in {}: {}", entryName, root, e.getMessage());
        }
    }

    private static boolean isScannableClassFile(String entryName) {
        return entryName.endsWith(".class")
                && !entryName.startsWith("META-INF/")
                && !entryName.endsWith("module-info.class")
                && !entryName.endsWith("package-info.class");
    }
}

package io.ferry.runtime.plugin;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/** Test plugin JARs: Apache's own, copied by the build, and tiny ones compiled at test time. */
public final class TestJars {

    private TestJars() {
    }

    /** Apache's JAR of {@code artifactId} (connect-file, connect-transforms), copied to target/test-plugins by the build. */
    static Path apacheJar(String artifactId) throws IOException {
        Path dir = Paths.get(System.getProperty("ferry.test.plugins.dir", "target/test-plugins"));
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().matches(artifactId + "-\\d.*\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("No " + artifactId + " JAR in " + dir.toAbsolutePath()
                            + "; run the build (mvn test) so that maven-dependency-plugin copies it"));
        }
    }

    /** Copies Apache's JAR of {@code artifactId} into {@code pluginDir}. */
    static Path copyApacheJar(String artifactId, Path pluginDir) throws IOException {
        Path jar = apacheJar(artifactId);
        return Files.copy(jar, pluginDir.resolve(jar.getFileName()));
    }

    /** A JAR to build: Java sources by class name, and {@code META-INF/services} entries. */
    public static final class Builder {
        private final Map<String, String> sources = new LinkedHashMap<>();
        private final Map<String, List<String>> services = new LinkedHashMap<>();
        private final List<Path> classPath = new ArrayList<>();

        public Builder source(String className, String code) {
            sources.put(className, code);
            return this;
        }

        public Builder service(Class<?> type, String... implementations) {
            services.computeIfAbsent(type.getName(), t -> new ArrayList<>()).addAll(List.of(implementations));
            return this;
        }

        Builder classPath(Path entry) {
            classPath.add(entry);
            return this;
        }

        /** Compiles the sources against the test class path (and any extra entries) and writes the JAR. */
        public Path build(Path jar) throws IOException {
            Path classes = Files.createTempDirectory("ferry-test-classes");
            try {
                compile(classes);
                writeJar(jar, classes);
            } finally {
                try (Stream<Path> files = Files.walk(classes)) {
                    for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(file);
                    }
                }
            }
            return jar;
        }

        private void writeJar(Path jar, Path classes) throws IOException {
            Files.createDirectories(jar.toAbsolutePath().getParent());
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
                try (Stream<Path> files = Files.walk(classes)) {
                    for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                        out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                        Files.copy(file, out);
                        out.closeEntry();
                    }
                }
                for (Map.Entry<String, List<String>> service : services.entrySet()) {
                    out.putNextEntry(new JarEntry("META-INF/services/" + service.getKey()));
                    write(out, "# test manifest\n" + String.join("\n", service.getValue()) + "\n");
                    out.closeEntry();
                }
            }
        }

        private void compile(Path output) {
            JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
            List<JavaFileObject> units = sources.entrySet().stream()
                    .map(e -> new Source(e.getKey(), e.getValue()))
                    .collect(Collectors.toList());
            List<String> path = new ArrayList<>();
            classPath.forEach(p -> path.add(p.toString()));
            PluginLocations.classPathEntries().forEach(p -> path.add(p.toString()));
            List<String> options = List.of("--release", "17", "-proc:none", "-d", output.toString(),
                    "-classpath", String.join(File.pathSeparator, path));
            DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
            boolean ok = compiler.getTask(null, null, diagnostics, options, null, units).call();
            if (!ok) {
                throw new IllegalStateException("Compilation failed: " + diagnostics.getDiagnostics());
            }
        }
    }

    public static Builder jar() {
        return new Builder();
    }

    /** Writes only the first {@code bytes} bytes of {@code source}: a JAR cut short, as if still being copied. */
    static Path truncatedCopy(Path source, Path target, int bytes) throws IOException {
        byte[] content = Files.readAllBytes(source);
        Files.write(target, Arrays.copyOf(content, Math.min(bytes, content.length)));
        return target;
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }

    private static final class Source extends SimpleJavaFileObject {
        private final String code;

        Source(String className, String code) {
            super(URI.create("string:///" + className.replace('.', '/') + Kind.SOURCE.extension), Kind.SOURCE);
            this.code = code;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return code;
        }
    }
}

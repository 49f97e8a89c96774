package io.ferry.runtime.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.connect.storage.Converter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Class scans of plugin locations kept between starts: used while nothing they depend on changed, and only then. */
class ScanCacheTest {

    private static final String DECLARED = "com.example.cached.DeclaredConverter";
    private static final String UNDECLARED = "com.example.cached.UndeclaredConverter";
    private static final String ADDED = "com.example.cached.AddedConverter";

    @TempDir
    Path pluginDir;
    @TempDir
    Path cacheDir;

    private Path buildPlugin(String... undeclared) throws IOException {
        TestJars.Builder jar = TestJars.jar()
                .source(DECLARED, TestSources.versionedConverter("com.example.cached", "DeclaredConverter", "1"))
                .service(Converter.class, DECLARED);
        for (String className : undeclared) {
            String simple = className.substring(className.lastIndexOf('.') + 1);
            jar.source(className, TestSources.versionedConverter("com.example.cached", simple, "1"));
        }
        return jar.build(pluginDir.resolve("cached.jar"));
    }

    private List<String> converters(ScanCache cache) {
        try (Plugins plugins = Plugins.load(List.of(pluginDir), PluginDiscoveryMode.HYBRID_WARN, Plugins.class.getClassLoader(), cache)) {
            return plugins.plugins(PluginKind.CONVERTER).stream().map(PluginDesc::className)
                    .filter(n -> n.startsWith("com.example")).sorted().toList();
        }
    }

    private Path cacheFile() throws IOException {
        try (Stream<Path> files = Files.list(cacheDir)) {
            List<Path> all = files.toList();
            assertThat(all).singleElement().asString().endsWith(".idx");
            return all.get(0);
        }
    }

    @Test
    void anUnchangedLocationIsReadFromTheCacheInsteadOfScanned() throws IOException {
        buildPlugin(UNDECLARED);
        assertThat(converters(ScanCache.in(cacheDir))).containsExactly(DECLARED, UNDECLARED);
        Path file = cacheFile();
        assertThat(Files.readString(file)).contains(DECLARED + "\tCONVERTER").contains(UNDECLARED + "\tCONVERTER");

        // Prove that the next load trusts the entry: drop the scanned-only class from it (key kept).
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.removeIf(line -> line.startsWith(UNDECLARED));
        Files.write(file, lines);
        assertThat(converters(ScanCache.in(cacheDir))).containsExactly(DECLARED);
        // Without the cache the scan finds it again.
        assertThat(converters(ScanCache.in(cacheDir.resolve("elsewhere")))).containsExactly(DECLARED, UNDECLARED);
    }

    @Test
    void aChangedJarIsScannedAgain() throws IOException {
        Path jar = buildPlugin(UNDECLARED);
        assertThat(converters(ScanCache.in(cacheDir))).containsExactly(DECLARED, UNDECLARED);
        FileTime before = Files.getLastModifiedTime(jar);

        buildPlugin(UNDECLARED, ADDED);
        Files.setLastModifiedTime(jar, FileTime.fromMillis(before.toMillis() + 2000));
        assertThat(converters(ScanCache.in(cacheDir))).containsExactly(ADDED, DECLARED, UNDECLARED);
        assertThat(Files.readString(cacheFile())).contains(ADDED);
    }

    @Test
    void aDamagedEntryIsIgnoredAndRewritten() throws IOException {
        buildPlugin(UNDECLARED);
        converters(ScanCache.in(cacheDir));
        Path file = cacheFile();
        List<String> lines = Files.readAllLines(file);
        Files.writeString(file, lines.get(0) + "\n" + lines.get(1) + "\n" + DECLARED + "\tNOT_A_KIND\n");

        assertThat(converters(ScanCache.in(cacheDir))).containsExactly(DECLARED, UNDECLARED);
        assertThat(Files.readAllLines(file)).isEqualTo(lines);
    }

    @Test
    void aCacheThatCannotBeWrittenOnlyCostsTheScan() throws IOException {
        buildPlugin(UNDECLARED);
        Path notADirectory = Files.writeString(cacheDir.resolve("file"), "x");
        assertThat(converters(ScanCache.in(notADirectory.resolve("index")))).containsExactly(DECLARED, UNDECLARED);
    }
}

package io.ferry.connect.nifi.testing;

import io.ferry.connect.nifi.s2s.server.NiFiSiteToSiteSourceConnector;
import io.ferry.runtime.config.WorkerConfig;
import io.ferry.runtime.standalone.Standalone;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Ferry's standalone worker in process (embedded broker on a free port), with this module installed
 * the way users install it: a plugin directory holding the connectors' JAR and their libraries
 * (Jetty, Jackson), loaded by an isolated plugin class loader.
 */
public final class FerryWorker implements AutoCloseable {

    /** Classes whose JARs the plugin bundles (what the build copies to target/plugins). */
    private static final List<String> BUNDLED = List.of(
            "org.eclipse.jetty.server.Server", "org.eclipse.jetty.http.HttpField", "org.eclipse.jetty.io.EndPoint",
            "org.eclipse.jetty.util.StringUtil", "com.fasterxml.jackson.databind.ObjectMapper",
            "com.fasterxml.jackson.core.JsonFactory", "com.fasterxml.jackson.annotation.JsonProperty");

    private final Standalone standalone;

    public FerryWorker(Path root, Map<String, String> workerOverrides, List<Map<String, String>> connectors) throws IOException {
        Path plugins = Files.createDirectories(root.resolve("plugins"));
        installPlugin(plugins.resolve("ferry-connect-nifi"));
        Map<String, String> props = new LinkedHashMap<>();
        props.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        props.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        props.put("offset.flush.interval.ms", "200");
        props.put("plugin.path", plugins.toString());
        props.put("ferry.data.dir", root.resolve("data").toString());
        props.put("ferry.broker.listeners", "PLAINTEXT://127.0.0.1:0");
        props.put("ferry.broker.offsets.topic.num.partitions", "2");
        props.put("listeners", "http://127.0.0.1:0");
        props.putAll(workerOverrides);
        standalone = Standalone.start(new WorkerConfig(props), connectors, List.of());
    }

    public String bootstrapServers() {
        return standalone.bootstrapServers();
    }

    public Standalone standalone() {
        return standalone;
    }

    @Override
    public void close() {
        standalone.close();
    }

    /** Writes this module's classes as a JAR plus the bundled libraries into {@code dir}. */
    static void installPlugin(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path classes = location(NiFiSiteToSiteSourceConnector.class);
        try (OutputStream file = Files.newOutputStream(dir.resolve("ferry-connect-nifi.jar"));
             JarOutputStream jar = new JarOutputStream(file);
             Stream<Path> walk = Files.walk(classes)) {
            List<Path> entries = new ArrayList<>(walk.filter(Files::isRegularFile).sorted().toList());
            for (Path entry : entries) {
                jar.putNextEntry(new JarEntry(classes.relativize(entry).toString().replace('\\', '/')));
                Files.copy(entry, jar);
                jar.closeEntry();
            }
        }
        for (String className : BUNDLED) {
            try {
                Path library = location(Class.forName(className));
                Files.copy(library, dir.resolve(library.getFileName()));
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("Missing bundled library of " + className, e);
            }
        }
    }

    private static Path location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.ferry.connect.nifi.testing;

import io.ferry.connect.nifi.s2s.server.NiFiSiteToSiteSourceConnector;
import io.ferry.testkit.worker.EmbeddedWorker;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * This module installed the way users install it: a plugin folder holding the connectors' JAR and their
 * libraries (Jetty, Jackson), for an embedded worker's plugin path, where an isolated class loader loads it.
 */
public final class NiFiPlugin {

    /** Classes whose JARs the plugin bundles (what the build copies to the plugin folder). */
    private static final List<String> BUNDLED = List.of(
            "org.eclipse.jetty.server.Server", "org.eclipse.jetty.http.HttpField", "org.eclipse.jetty.io.EndPoint",
            "org.eclipse.jetty.util.StringUtil", "com.fasterxml.jackson.databind.ObjectMapper",
            "com.fasterxml.jackson.core.JsonFactory", "com.fasterxml.jackson.annotation.JsonProperty");

    private NiFiPlugin() {
    }

    /** Writes this module's classes as a JAR plus the bundled libraries into {@code dir} (again for a restart), and returns it. */
    public static Path install(Path dir) throws IOException {
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
                Files.copy(library, dir.resolve(library.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("Missing bundled library of " + className, e);
            }
        }
        return dir;
    }

    /**
     * Ferry's standalone worker in process (the test kit's embedded worker and broker) with this plugin installed,
     * JSON converters unless {@code workerOverrides} say otherwise, running {@code connectors}.
     */
    public static EmbeddedWorker startWorker(Path root, Map<String, String> workerOverrides, List<Map<String, String>> connectors)
            throws IOException {
        EmbeddedWorker worker = EmbeddedWorker.at(root);
        install(worker.pluginDir().resolve("ferry-connect-nifi"));
        worker.set("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        worker.set("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        workerOverrides.forEach(worker::set);
        @SuppressWarnings("unchecked")
        Map<String, String>[] configs = connectors.toArray(Map[]::new);
        return worker.start(configs);
    }

    private static Path location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}

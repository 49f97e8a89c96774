package io.ferry.connect.nifi.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.ferry.connect.nifi.s2s.server.SiteToSiteSinkConfig;
import io.ferry.connect.nifi.s2s.server.SiteToSiteSourceConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** docker/nifi/docker-compose.yml parses, names files that exist, and its connector files are valid. */
class DockerComposeTest {

    /** The module's directory is the working directory of tests; the repository is two levels up. */
    private static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent().getParent();
    private static final Path DIR = REPOSITORY.resolve("docker/nifi");

    private static Map<String, String> properties(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        Map<String, String> map = new HashMap<>();
        properties.stringPropertyNames().forEach(name -> map.put(name, properties.getProperty(name)));
        return map;
    }

    @Test
    void composeFileWiresNiFiToFerry() throws IOException {
        JsonNode compose = new ObjectMapper(new YAMLFactory()).readTree(DIR.resolve("docker-compose.yml").toFile());
        JsonNode ferry = compose.path("services").path("ferry");
        JsonNode nifi = compose.path("services").path("nifi");

        assertThat(nifi.path("image").asText()).startsWith("apache/nifi:");
        assertThat(nifi.path("depends_on").toString()).contains("ferry");
        Path context = DIR.resolve(ferry.path("build").path("context").asText()).normalize();
        assertThat(context).isEqualTo(REPOSITORY.normalize());
        assertThat(context.resolve(ferry.path("build").path("dockerfile").asText())).isRegularFile();
        assertThat(ferry.path("ports").toString()).contains("8081:8081").contains("9092:9092");

        String mount = ferry.path("volumes").get(0).asText();
        Path hostDir = DIR.resolve(mount.substring(0, mount.indexOf(':'))).normalize();
        String containerDir = mount.substring(mount.indexOf(':') + 1).replace(":ro", "");
        List<Path> connectorFiles = new ArrayList<>();
        for (JsonNode argument : ferry.path("command")) {
            String value = argument.asText();
            if (value.startsWith(containerDir + "/")) {
                connectorFiles.add(hostDir.resolve(value.substring(containerDir.length() + 1)));
            }
        }
        assertThat(connectorFiles).hasSize(2).allSatisfy(file -> assertThat(file).isRegularFile());

        Map<String, String> source = properties(connectorFiles.get(0));
        Map<String, String> sink = properties(connectorFiles.get(1));
        new SiteToSiteSourceConfig(source);
        new SiteToSiteSinkConfig(sink);
        assertThat(source).containsEntry("nifi.site.advertised.host", "ferry").containsEntry("nifi.port.name", "from-nifi");
        assertThat(sink).containsEntry("nifi.site.listener", source.get("nifi.site.listener")).containsEntry("nifi.port.name", "to-nifi");
    }

    @Test
    void theImageCarriesThePluginFolderTheBuildFills() throws IOException {
        JsonNode compose = new ObjectMapper(new YAMLFactory()).readTree(DIR.resolve("docker-compose.yml").toFile());
        String dockerfile = Files.readString(REPOSITORY.resolve(compose.path("services").path("ferry").path("build").path("dockerfile").asText()));
        String pom = Files.readString(REPOSITORY.resolve("connectors/nifi/pom.xml"));

        assertThat(dockerfile).contains("COPY --from=build /src/plugins ./plugins").contains("connect-docker.properties");
        assertThat(pom).contains("<ferry.plugin.dir>${project.basedir}/../../plugins/ferry-connect-nifi</ferry.plugin.dir>");
        assertThat(compose.path("services").path("ferry").path("command").get(1).asText()).isEqualTo("/opt/ferry/config/connect-docker.properties");
    }

    @Test
    void theReadyExamplesAreValid() throws IOException {
        Map<String, String> source = properties(REPOSITORY.resolve("config/connect-nifi-source.properties"));
        Map<String, String> sink = properties(REPOSITORY.resolve("config/connect-nifi-sink.properties"));

        SiteToSiteSourceConfig sourceConfig = new SiteToSiteSourceConfig(source);
        new SiteToSiteSinkConfig(sink);
        assertThat(sourceConfig.getString("topic")).isEqualTo("nifi-events");
        assertThat(source).containsEntry("nifi.port.name", "from-nifi").containsEntry("nifi.site.listener", "http://localhost:8081");
        assertThat(sink).containsEntry("nifi.port.name", "to-nifi").containsEntry("topics", "nifi-events")
                .containsEntry("nifi.site.listener", "http://localhost:8081");
    }
}

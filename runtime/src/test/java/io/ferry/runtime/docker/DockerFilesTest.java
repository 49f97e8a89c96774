package io.ferry.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/** No Docker engine runs here: check that the compose file parses and every file it and the Dockerfile name exists. */
class DockerFilesTest {

    private static final Path ROOT = findRoot();

    private static Path findRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("docker").resolve("Dockerfile"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("repository root with docker/Dockerfile not found");
        }
        return p;
    }

    @Test
    void composeFileParsesAndNamesExistingFiles() throws Exception {
        Path docker = ROOT.resolve("docker");
        JsonNode compose = new ObjectMapper(new YAMLFactory()).readTree(docker.resolve("docker-compose.yml").toFile());
        JsonNode ferry = compose.path("services").path("ferry");
        assertThat(ferry.isMissingNode()).isFalse();
        Path context = docker.resolve(ferry.path("build").path("context").asText()).normalize();
        assertThat(context.resolve(ferry.path("build").path("dockerfile").asText())).isRegularFile();
        for (JsonNode volume : ferry.path("volumes")) {
            String host = volume.asText().split(":")[0];
            assertThat(docker.resolve(host).normalize()).exists();
        }
        // Connector files the command names are mounted from docker/quickstart.
        for (JsonNode arg : ferry.path("command")) {
            String a = arg.asText();
            if (a.startsWith("/opt/ferry/quickstart/")) {
                assertThat(docker.resolve("quickstart").resolve(a.substring("/opt/ferry/quickstart/".length())))
                        .isRegularFile();
            }
        }
        assertThat(ferry.path("ports").toString()).contains("9092:9092").contains("8083:8083");
    }

    @Test
    void everyPathTheDockerfileCopiesFromTheSourceTreeExists() throws Exception {
        List<String> missing = new ArrayList<>();
        Pattern copy = Pattern.compile("^COPY (?!--from)(\\S+) \\S+$");
        for (String line : Files.readAllLines(ROOT.resolve("docker").resolve("Dockerfile"))) {
            Matcher m = copy.matcher(line.trim());
            if (m.matches() && !m.group(1).equals(".") && !Files.exists(ROOT.resolve(m.group(1)))) {
                missing.add(m.group(1));
            }
        }
        assertThat(missing).isEmpty();
    }
}

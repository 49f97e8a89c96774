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

    private static final Path ROOT = RepoRoot.PATH;

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
        // Files the command names come from the image's config/ (the repository's config/ and docker/*-docker.properties).
        for (JsonNode arg : ferry.path("command")) {
            String a = arg.asText();
            if (a.startsWith("/opt/ferry/config/")) {
                assertThat(ROOT.resolve("config").resolve(a.substring("/opt/ferry/config/".length()))).isRegularFile();
            }
        }
        assertThat(ferry.path("ports")).extracting(JsonNode::asText).containsExactly("127.0.0.1:8083:8083");
    }

    @Test
    void theComposeQuickstartIsTheReadmesQuickstart() throws Exception {
        Path docker = ROOT.resolve("docker");
        JsonNode ferry = new ObjectMapper(new YAMLFactory()).readTree(docker.resolve("docker-compose.yml").toFile()).path("services").path("ferry");
        List<String> args = new ArrayList<>();
        ferry.path("command").forEach(a -> args.add(a.asText()));
        assertThat(args.subList(0, 4)).containsExactly("standalone", "/opt/ferry/config/connect-standalone.properties",
                "/opt/ferry/config/connect-file-source.properties", "/opt/ferry/config/connect-file-sink.properties");
        String readme = Files.readString(ROOT.resolve("README.md"));
        assertThat(readme).contains("bin/ferry standalone config/connect-standalone.properties config/connect-file-source.properties "
                + "config/connect-file-sink.properties");
        List<String> overrides = new ArrayList<>();
        for (int i = 4; i < args.size(); i += 2) {
            assertThat(args.get(i)).isEqualTo("--override");
            overrides.add(args.get(i + 1));
        }
        io.ferry.runtime.config.WorkerConfig worker = io.ferry.runtime.config.WorkerConfig.load(ROOT.resolve("config/connect-standalone.properties"),
                overrides);
        assertThat(worker.exactlyOnceSourceEnabled()).isTrue();
        assertThat(worker.getBoolean("rest.allow.unauthenticated.remote")).isFalse();
        assertThat(worker.brokerProps()).containsEntry("listeners", "PLAINTEXT://0.0.0.0:9092");
        assertThat(Files.readString(ROOT.resolve("config/connect-file-source.properties"))).contains("connector.class=FileSource\n");
        assertThat(Files.readString(ROOT.resolve("config/connect-file-sink.properties"))).contains("connector.class=FileSink\n");
        assertThat(ferry.path("user").asText()).isEqualTo("${FERRY_UID:-1000}:${FERRY_GID:-1000}");
        assertThat(docker.resolve("quickstart/test.txt")).isRegularFile();
    }

    @Test
    void theImageAuthenticatesItsRestApiAndPublishesNoUnauthenticatedBroker() throws Exception {
        List<String> dockerfile = Files.readAllLines(ROOT.resolve("docker").resolve("Dockerfile"));
        assertThat(dockerfile).contains("ENTRYPOINT [\"/opt/ferry/docker-entrypoint.sh\"]", "COPY docker/entrypoint.sh ./docker-entrypoint.sh",
                "USER ferry");
        assertThat(Files.isExecutable(ROOT.resolve("docker/entrypoint.sh"))).isTrue();
        try (var files = Files.walk(ROOT.resolve("docker"))) {
            List<Path> allowingAnonymous = files.filter(f -> f.toString().endsWith(".properties")).filter(f -> {
                try {
                    return Files.readAllLines(f).stream().anyMatch(l -> l.trim().startsWith("rest.allow.unauthenticated.remote=true"));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
            assertThat(allowingAnonymous).isEmpty();
        }
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

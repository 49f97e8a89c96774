package io.ferry.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.ferry.broker.config.BrokerConfig;

/**
 * No Docker engine runs here: docker/cluster/docker-compose.yml parses, names files that exist (in the source tree,
 * or copied into the image's /opt/ferry/config by docker/Dockerfile), and wires ZooKeeper, three brokers with an
 * INTERNAL and a published EXTERNAL listener, the worker without its embedded broker, and NiFi.
 */
class DockerClusterFilesTest {

    private static final Path ROOT = RepoRoot.PATH;
    private static final Path DIR = ROOT.resolve("docker").resolve("cluster");

    private static JsonNode services() throws Exception {
        return new ObjectMapper(new YAMLFactory()).readTree(DIR.resolve("docker-compose.yml").toFile())
                .path("services");
    }

    @Test
    void composeFileParsesAndNamesExistingFiles() throws Exception {
        JsonNode services = services();
        List<String> names = new ArrayList<>();
        services.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactlyInAnyOrder("zookeeper", "broker-1", "broker-2", "broker-3", "ferry", "nifi");

        JsonNode build = services.path("zookeeper").path("build");
        assertThat(DIR.resolve(build.path("context").asText()).normalize()
                .resolve(build.path("dockerfile").asText())).isRegularFile();
        List<String> missing = new ArrayList<>();
        for (JsonNode service : services) {
            for (JsonNode volume : service.path("volumes")) {
                Path host = DIR.resolve(volume.asText().split(":")[0]).normalize();
                if (!Files.exists(host)) {
                    missing.add(host.toString());
                }
            }
            for (JsonNode arg : service.path("command")) {
                Path file = sourceOf(arg.asText());
                if (file != null && !Files.isRegularFile(file)) {
                    missing.add(arg.asText());
                }
            }
        }
        assertThat(missing).isEmpty();
        assertThat(services.path("nifi").path("image").asText()).startsWith("apache/nifi:");
    }

    @Test
    void brokersPublishTheirExternalListenerAndTheWorkerUsesTheInternalOnes() throws Exception {
        JsonNode services = services();
        List<String> internal = new ArrayList<>();
        for (int n = 1; n <= 3; n++) {
            JsonNode broker = services.path("broker-" + n);
            int port = 9091 + n;
            String command = broker.path("command").toString();
            assertThat(command).contains("/opt/ferry/config/server-" + n + ".properties", "broker.id=" + n,
                    "zookeeper.connect=zookeeper:2181",
                    "listeners=INTERNAL://0.0.0.0:19092,EXTERNAL://0.0.0.0:" + port,
                    "advertised.listeners=INTERNAL://broker-" + n + ":19092,EXTERNAL://localhost:" + port,
                    "listener.security.protocol.map=INTERNAL:PLAINTEXT,EXTERNAL:PLAINTEXT",
                    "inter.broker.listener.name=INTERNAL");
            assertThat(broker.path("ports").toString()).contains(port + ":" + port);
            internal.add("broker-" + n + ":19092");
        }
        String worker = services.path("ferry").path("command").toString();
        assertThat(services.path("ferry").path("hostname").asText())
                .as("docker/nifi's connectors tell NiFi peers to come back to host ferry").isEqualTo("ferry");
        assertThat(worker).contains("standalone", "ferry.embedded.broker=false",
                "bootstrap.servers=" + String.join(",", internal));
    }

    @Test
    void eachBrokersCommandIsAValidBrokerConfiguration() throws Exception {
        JsonNode services = services();
        for (int n = 1; n <= 3; n++) {
            List<String> args = new ArrayList<>();
            services.path("broker-" + n).path("command").forEach(a -> args.add(a.asText()));
            List<String> overrides = new ArrayList<>();
            for (int i = 0; i < args.size(); i++) {
                if (args.get(i).equals("--override")) {
                    overrides.add(args.get(++i));
                }
            }
            BrokerConfig config = BrokerConfig.load(sourceOf(args.get(1)), overrides);
            assertThat(config.nodeId()).isEqualTo(n);
            assertThat(config.interBrokerListenerName()).contains("INTERNAL");
            assertThat(config.advertisedListeners()).hasSize(2);
        }
    }

    /** The source-tree file behind a path in the image or a mount, or null for an argument that is no such path. */
    private static Path sourceOf(String arg) {
        if (arg.startsWith("/opt/ferry/nifi/")) {
            return ROOT.resolve("docker").resolve("nifi").resolve(arg.substring("/opt/ferry/nifi/".length()));
        }
        if (arg.startsWith("/opt/ferry/config/")) {
            String name = arg.substring("/opt/ferry/config/".length());
            // docker/Dockerfile copies config/ and, over it, docker/*-docker.properties.
            Path copied = ROOT.resolve("docker").resolve(name);
            return Files.exists(copied) ? copied : ROOT.resolve("config").resolve(name);
        }
        return null;
    }
}

package io.ferry.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.broker.config.KeySuggestions;
import io.ferry.runtime.plugin.PluginDiscoveryMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerConfigTest {

    @TempDir
    Path dir;

    private static Map<String, String> minimal() {
        Map<String, String> props = new HashMap<>();
        props.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        props.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        return props;
    }

    @Test
    void everyProblemIsReportedAtOnceNamingTheKey() {
        Map<String, String> props = new HashMap<>();
        props.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        props.put("offset.flush.interval.ms", "soon");
        props.put("plugin.discovery", "guess");
        props.put("ferry.embedded.broker", "maybe");
        assertThatThrownBy(() -> new WorkerConfig(props))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("4 errors")
                .hasMessageContaining("key.converter: Missing required configuration")
                .hasMessageContaining("offset.flush.interval.ms: ")
                .hasMessageContaining("plugin.discovery: ")
                .hasMessageContaining("only_scan")
                .hasMessageContaining("ferry.embedded.broker: ");
    }

    @Test
    void internalTopicsAreSmallOnTheEmbeddedBrokerUnlessConfigured() {
        WorkerConfig embedded = new WorkerConfig(minimal());
        assertThat(embedded.offsetStoragePartitions()).isEqualTo(WorkerConfig.EMBEDDED_INTERNAL_PARTITIONS);
        assertThat(embedded.offsetStorageReplicationFactor()).isEqualTo((short) -1);
        assertThat(embedded.brokerProps()).containsEntry("offsets.topic.num.partitions", "5")
                .containsEntry("transaction.state.log.num.partitions", "5");

        Map<String, String> given = minimal();
        given.put("offset.storage.partitions", "12");
        given.put("offset.storage.replication.factor", "1");
        given.put("ferry.broker.offsets.topic.num.partitions", "50");
        WorkerConfig configured = new WorkerConfig(given);
        assertThat(configured.offsetStoragePartitions()).isEqualTo(12);
        assertThat(configured.offsetStorageReplicationFactor()).isEqualTo((short) 1);
        assertThat(configured.brokerProps()).containsEntry("offsets.topic.num.partitions", "50");

        Map<String, String> external = minimal();
        external.put("ferry.embedded.broker", "false");
        WorkerConfig cluster = new WorkerConfig(external);
        assertThat(cluster.offsetStoragePartitions()).isEqualTo(25);
        assertThat(cluster.offsetStorageReplicationFactor()).isEqualTo((short) 3);
    }

    @Test
    void stateLivesUnderTheDataDirectoryByDefault() {
        WorkerConfig config = new WorkerConfig(minimal());
        Path data = Path.of("data").toAbsolutePath().normalize();
        assertThat(config.dataDir()).isEqualTo(data);
        assertThat(config.offsetsFile()).isEqualTo(data.resolve("connect.offsets"));
        assertThat(config.connectorsDir()).isEqualTo(data.resolve("connectors"));
        assertThat(config.embeddedBroker()).isTrue();
        assertThat(config.brokerProps()).containsEntry("listeners", "PLAINTEXT://localhost:9092")
                .containsEntry("log.dirs", data.resolve("broker").toString());
        assertThat(config.headerConverter()).isEqualTo("org.apache.kafka.connect.storage.SimpleHeaderConverter");
        assertThat(config.offsetFlushIntervalMs()).isEqualTo(60_000L);
        assertThat(config.pluginDiscovery()).isEqualTo(PluginDiscoveryMode.HYBRID_WARN);
        assertThat(config.workerId()).isEqualTo("localhost:8083");
    }

    @Test
    void prefixedSettingsArePassedOn() {
        Map<String, String> props = minimal();
        props.put("ferry.data.dir", dir.toString());
        props.put("ferry.broker.listeners", "PLAINTEXT://127.0.0.1:0");
        props.put("ferry.broker.num.partitions", "3");
        props.put("key.converter.schemas.enable", "false");
        props.put("producer.linger.ms", "7");
        props.put("consumer.max.poll.records", "10");
        props.put("listeners", "http://myhost:8084");
        props.put("mystery.key", "1");
        WorkerConfig config = new WorkerConfig(props);
        assertThat(config.brokerProps()).containsEntry("listeners", "PLAINTEXT://127.0.0.1:0").containsEntry("num.partitions", "3")
                .containsEntry("log.dirs", dir.resolve("broker").toString());
        assertThat(config.converterProps("key.converter")).isEqualTo(Map.of("schemas.enable", "false"));
        assertThat(config.producerOverrides()).isEqualTo(Map.of("linger.ms", "7"));
        assertThat(config.consumerOverrides()).isEqualTo(Map.of("max.poll.records", "10"));
        assertThat(config.workerId()).isEqualTo("myhost:8084");
        assertThat(config.unknownKeys()).containsExactly("mystery.key");
    }

    @Test
    void misspelledRestAndSecurityKeysAreReportedWithTheClosestKnownKey() {
        Map<String, String> props = new HashMap<>(Map.of("key.converter", "JsonConverter", "value.converter", "JsonConverter",
                "rest.auth.user.file", "users", "listeners.https.ssl.keystore.locaton", "k.p12", "acces.control.allow.origin", "*",
                "sasl.mechanisms", "PLAIN", "security.protocol", "SASL_SSL", "ssl.truststore.location", "t.jks",
                "rest.auth.failures.max", "5", "admin.listeners", ""));
        WorkerConfig config = new WorkerConfig(props);
        assertThat(config.unknownKeyWarnings()).containsExactly(
                "Ignoring unknown worker config key acces.control.allow.origin (did you mean access.control.allow.origin?)",
                "Ignoring unknown worker config key listeners.https.ssl.keystore.locaton (did you mean listeners.https.ssl.keystore.location?)",
                "Ignoring unknown worker config key rest.auth.user.file (did you mean rest.auth.users.file?)",
                "Ignoring unknown worker config key sasl.mechanisms (did you mean sasl.mechanism?)");
        assertThat(KeySuggestions.closest("zzzz.unrelated.thing", WorkerConfig.DEFINITION.names())).isNull();
        assertThatThrownBy(() -> new WorkerConfig(Map.of("key.converter", "J", "value.converter", "J", "rest.auth.failures.max", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("rest.auth.failures.max");
    }

    @Test
    void misspelledEmbeddedBrokerKeysAreReportedLikeOthersWithTheClosestKey(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("worker.properties"), String.join("\n", "key.converter=JsonConverter",
                "value.converter=JsonConverter", "ferry.broker.num.partitons=3", "ferry.broker.listeners=PLAINTEXT://:0",
                "ferry.broker.listener.name.plaintext.ssl.keystore.location=k.jks", "ferry.brokr.listeners=PLAINTEXT://:0", ""));
        WorkerConfig config = WorkerConfig.load(file, List.of("ferry.broker.log.retention.hour=1", "ferry.broker.log.retention.hours=2"));
        assertThat(config.unknownKeyWarnings()).containsExactly(
                "Ignoring unknown worker config key ferry.broker.log.retention.hour (did you mean ferry.broker.log.retention.hours?)",
                "Ignoring unknown worker config key ferry.broker.num.partitons (did you mean ferry.broker.num.partitions?)",
                "Ignoring unknown worker config key ferry.brokr.listeners (did you mean ferry.broker.listeners?)");
    }

    @Test
    void loadsAFileWithOverrides() throws Exception {
        Path file = Files.writeString(dir.resolve("worker.properties"),
                "key.converter=org.apache.kafka.connect.storage.StringConverter\nvalue.converter=StringConverter\nplugin.path=a, b\n");
        WorkerConfig config = WorkerConfig.load(file, List.of("offset.flush.interval.ms=5", "ferry.embedded.broker=false"));
        assertThat(config.offsetFlushIntervalMs()).isEqualTo(5L);
        assertThat(config.embeddedBroker()).isFalse();
        assertThat(config.pluginPath()).containsExactly(Path.of("a").toAbsolutePath(), Path.of("b").toAbsolutePath());
        assertThatThrownBy(() -> WorkerConfig.load(file, List.of("novalue"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("expected key=value");
    }
}

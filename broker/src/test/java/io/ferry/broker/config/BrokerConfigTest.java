package io.ferry.broker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ferry.broker.log.LogConfig;

class BrokerConfigTest {

    @Test
    void malformedValuesNameTheKeyAndWhatIsAllowed() {
        assertThatThrownBy(() -> new BrokerConfig(Map.of("num.partitions", "many")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("num.partitions")
                .hasMessageContaining("many");
        assertThatThrownBy(() -> new BrokerConfig(Map.of("log.segment.bytes", "10")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("log.segment.bytes")
                .hasMessageContaining("at least 1024");
        assertThatThrownBy(() -> new BrokerConfig(Map.of("log.cleanup.policy", "shred")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("log.cleanup.policy")
                .hasMessageContaining("delete").hasMessageContaining("compact");
        assertThatThrownBy(() -> new BrokerConfig(Map.of("listeners", "localhost:9092")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("listeners")
                .hasMessageContaining("NAME://host:port");
        assertThatThrownBy(() -> new BrokerConfig(Map.of("listeners", "INTERNAL://localhost:9092")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("INTERNAL:PLAINTEXT");
        assertThatThrownBy(() -> new BrokerConfig(Map.of("advertised.listeners", "OTHER://h:1")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("advertised.listeners");
    }

    @Test
    void authorizerClassNamesSelectTheBuiltInOneAndOthersAreRefused() {
        assertThat(new BrokerConfig(Map.of()).authorizerEnabled()).isFalse();
        assertThat(new BrokerConfig(Map.of("authorizer.class.name", "kafka.security.authorizer.AclAuthorizer"))
                .authorizerEnabled()).isTrue();
        assertThat(new BrokerConfig(Map.of("authorizer.class.name",
                "org.apache.kafka.metadata.authorizer.StandardAuthorizer")).authorizerEnabled()).isTrue();
        assertThatThrownBy(() -> new BrokerConfig(Map.of("authorizer.class.name", "com.example.MyAuthorizer")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("authorizer.class.name")
                .hasMessageContaining("com.example.MyAuthorizer").hasMessageContaining("StandardAuthorizer");
    }

    @Test
    void customListenerNamesMappedToPlaintextAreAccepted() {
        BrokerConfig c = new BrokerConfig(Map.of("listeners", "INTERNAL://127.0.0.1:0",
                "listener.security.protocol.map", "INTERNAL:PLAINTEXT"));
        assertThat(c.listeners()).containsExactly("INTERNAL://127.0.0.1:0");
    }

    @Test
    void unknownKeysAreReportedNotFatal(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("server.properties");
        Files.writeString(file, "node.id=3\nmade.up.too=x\nmade.up=1\n");
        BrokerConfig c = BrokerConfig.load(file, List.of("log.retention.hours=1"));
        assertThat(c.unknownKeys()).containsExactly("made.up", "made.up.too");
        assertThat(c.unknownKeyWarnings()).containsExactly("Ignoring unknown broker config key made.up", "Ignoring unknown broker config key made.up.too");
        assertThat(c.nodeId()).isEqualTo(3);
        assertThat(c.explicitValue("log.retention.hours")).contains("1");
    }

    @Test
    void eachUnknownKeyNamesTheClosestKnownKey() {
        BrokerConfig c = new BrokerConfig(Map.of("log.retention.hour", "1", "advertised.listener", "PLAINTEXT://h:9092",
                "zookeeper.conect", "zk:2181", "listener.name.internal.ssl.keystore.locaton", "k.jks"));
        assertThat(c.unknownKeyWarnings()).containsExactly(
                "Ignoring unknown broker config key advertised.listener (did you mean advertised.listeners?)",
                "Ignoring unknown broker config key listener.name.internal.ssl.keystore.locaton",
                "Ignoring unknown broker config key log.retention.hour (did you mean log.retention.hours?)",
                "Ignoring unknown broker config key zookeeper.conect (did you mean zookeeper.connect?)");
        assertThat(KeySuggestions.closest("completely.different.thing", BrokerConfig.DEFINITION.names())).isNull();
    }

    @Test
    void topicSettingsTakeOverridesThenBrokerSynonymsThenDefaults() {
        BrokerConfig broker = new BrokerConfig(Map.of("log.retention.hours", "2", "log.segment.bytes", "4096"));
        LogConfig fromBroker = TopicConfigs.logConfig(Map.of(), broker);
        assertThat(fromBroker.retentionMs()).isEqualTo(2 * 3600_000L);
        assertThat(fromBroker.segmentBytes()).isEqualTo(4096);
        LogConfig overridden = TopicConfigs.logConfig(Map.of("retention.ms", "5", "cleanup.policy", "compact"),
                broker);
        assertThat(overridden.retentionMs()).isEqualTo(5);
        assertThat(overridden.cleanupCompact()).isTrue();
        assertThat(overridden.cleanupDelete()).isFalse();
        // log.retention.ms takes precedence over log.retention.hours, as in Kafka.
        BrokerConfig both = new BrokerConfig(Map.of("log.retention.hours", "2", "log.retention.ms", "1000"));
        assertThat(TopicConfigs.logConfig(Map.of(), both).retentionMs()).isEqualTo(1000);
        assertThat(TopicConfigs.resolve("max.message.bytes", Map.of(), broker).source())
                .isEqualTo(TopicConfigs.Source.DEFAULT);
    }

    @Test
    void topicOverridesAreValidated() {
        assertThatThrownBy(() -> TopicConfigs.validate(Map.of("retention.ms", "soon")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("retention.ms");
        assertThatThrownBy(() -> TopicConfigs.validate(Map.of("compression.type", "gzip")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("compression.type");
        assertThatThrownBy(() -> TopicConfigs.validate(Map.of("retention.mss", "1")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("Unknown topic config 'retention.mss'");
    }

    @Test
    void connectionLimitsUseKafkasKeysAndRules() {
        BrokerConfig c = new BrokerConfig(Map.of("max.connections.per.ip", "0",
                "max.connections.per.ip.overrides", "127.0.0.1:5, build-host:50", "max.connections", "100",
                "queued.max.request.bytes", "1048576"));
        assertThat(c.maxConnectionsPerIpOverrides()).containsEntry("127.0.0.1", 5).containsEntry("build-host", 50);
        assertThat(c.maxConnections()).isEqualTo(100);
        assertThat(c.queuedMaxRequestBytes()).isEqualTo(1_048_576);
        assertThatThrownBy(() -> new BrokerConfig(Map.of("max.connections.per.ip", "0")))
                .hasMessageContaining("max.connections.per.ip.overrides");
        assertThatThrownBy(() -> new BrokerConfig(Map.of("max.connections.per.ip.overrides", "127.0.0.1")))
                .hasMessageContaining("host-or-ip:count");
    }
}

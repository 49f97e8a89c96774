package io.ferry.runtime.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClassIsolationTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "java.lang.String", "java.util.Map$Entry", "javax.management.ObjectName", "javax.naming.Context",
        "javax.xml.parsers.DocumentBuilder", "org.w3c.dom.Node", "org.xml.sax.InputSource", "javax.net.ssl.SSLContext",
        "org.slf4j.Logger", "org.slf4j.impl.StaticLoggerBinder",
        "org.apache.kafka.common.config.ConfigDef", "org.apache.kafka.clients.producer.KafkaProducer",
        "org.apache.kafka.connect.connector.Connector", "org.apache.kafka.connect.source.SourceTask",
        "org.apache.kafka.connect.sink.SinkRecord", "org.apache.kafka.connect.data.Struct",
        "org.apache.kafka.connect.storage.Converter", "org.apache.kafka.connect.storage.HeaderConverter",
        "org.apache.kafka.connect.transforms.Transformation", "org.apache.kafka.connect.transforms.predicates.Predicate",
        "org.apache.kafka.connect.connector.policy.ConnectorClientConfigOverridePolicy",
        "org.apache.kafka.connect.connector.policy.ConnectorClientConfigRequest$ClientType",
        "org.apache.kafka.common.config.provider.ConfigProvider", "org.apache.kafka.connect.errors.ConnectException",
        "org.apache.kafka.connect.runtime.Worker"
    })
    void apiFrameworkAndJdkClassesComeFromTheWorker(String className) {
        assertThat(ClassIsolation.isParentFirst(className)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "com.example.MyConnector", "com.fasterxml.jackson.databind.ObjectMapper", "javax.inject.Inject",
        "javax.ws.rs.core.Response", "org.apache.kafka.connect.transforms.HoistField$Value",
        "org.apache.kafka.connect.transforms.util.SimpleConfig", "org.apache.kafka.connect.transforms.predicates.TopicNameMatches",
        "org.apache.kafka.connect.file.FileStreamSourceConnector", "org.apache.kafka.connect.json.JsonConverter",
        "org.apache.kafka.connect.converters.ByteArrayConverter", "org.apache.kafka.connect.storage.StringConverter",
        "org.apache.kafka.connect.storage.SimpleHeaderConverter", "org.apache.kafka.connect.mirror.MirrorSourceConnector",
        "org.apache.kafka.connect.connector.policy.AllConnectorClientConfigOverridePolicy",
        "org.apache.kafka.common.config.provider.FileConfigProvider"
    })
    void pluginsAndTheirLibrariesMayBeBundled(String className) {
        assertThat(ClassIsolation.isParentFirst(className)).isFalse();
    }
}

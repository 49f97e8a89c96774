package io.ferry.runtime.offset;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.runtime.config.ConnectorConfig;
import io.ferry.runtime.config.WorkerConfig;
import io.ferry.runtime.status.TaskId;
import io.ferry.runtime.task.ClientConfigs;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A worker on a secured cluster: its own clients (offsets topic, admin clients) take the top-level
 * {@code security.protocol}, {@code ssl.*} and {@code sasl.*} settings then {@code admin.*}; tasks'
 * producers and consumers take {@code producer.*} and {@code consumer.*}, as in Kafka Connect.
 */
class WorkerClientSecurityTest {

    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"w\" password=\"pw\";";

    private static WorkerConfig secured() {
        Map<String, String> props = new HashMap<>();
        props.put("key.converter", "JsonConverter");
        props.put("value.converter", "JsonConverter");
        props.put("ferry.embedded.broker", "false");
        props.put("bootstrap.servers", "kafka:9093");
        props.put("security.protocol", "SASL_SSL");
        props.put("sasl.mechanism", "SCRAM-SHA-512");
        props.put("sasl.jaas.config", JAAS);
        props.put("ssl.truststore.location", "/etc/kafka/truststore.p12");
        props.put("ssl.truststore.password", "changeit");
        props.put("admin.request.timeout.ms", "7000");
        props.put("producer.security.protocol", "SASL_SSL");
        props.put("producer.sasl.mechanism", "SCRAM-SHA-512");
        props.put("producer.sasl.jaas.config", JAAS);
        props.put("consumer.security.protocol", "SASL_SSL");
        props.put("consumer.ssl.truststore.location", "/etc/kafka/truststore.p12");
        props.put("listeners", "http://localhost:8083");
        return new WorkerConfig(props);
    }

    @Test
    void theWorkersOwnClientsTakeTheTopLevelSecuritySettingsThenAdminOnes() {
        WorkerConfig worker = secured();
        Map<String, Object> offsets = TopicOffsetStores.forWorker(worker, () -> "kafka:9093").workerTopic().settings().clientSettings();
        assertThat(offsets).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("sasl.jaas.config", JAAS).containsEntry("ssl.truststore.location", "/etc/kafka/truststore.p12")
                .containsEntry("ssl.truststore.password", "changeit").containsEntry("request.timeout.ms", "7000")
                .doesNotContainKeys("key.converter", "listeners", "bootstrap.servers", "producer.security.protocol");

        ClientConfigs clients = new ClientConfigs("kafka:9093", worker);
        assertThat(clients.workerAdmin("ferry-worker-cluster-id")).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.jaas.config", JAAS).containsEntry("bootstrap.servers", "kafka:9093")
                .containsEntry("request.timeout.ms", "7000");
        ConnectorConfig connector = ConnectorConfig.parse(Map.of("name", "c", "connector.class", "FileStreamSink", "topics", "t"));
        assertThat(clients.admin(new TaskId("c", 0), connector)).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("ssl.truststore.location", "/etc/kafka/truststore.p12");
    }

    @Test
    void tasksClientsTakeTheirPrefixedSettings() {
        ClientConfigs clients = new ClientConfigs("kafka:9093", secured());
        ConnectorConfig connector = ConnectorConfig.parse(Map.of("name", "c", "connector.class", "FileStreamSink", "topics", "t"));
        TaskId task = new TaskId("c", 0);
        assertThat(clients.sourceProducer(task, connector)).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512").containsEntry("sasl.jaas.config", JAAS)
                .doesNotContainKey("ssl.truststore.location");
        assertThat(clients.sinkConsumer(task, connector)).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("ssl.truststore.location", "/etc/kafka/truststore.p12").doesNotContainKey("sasl.jaas.config");
        assertThat(clients.deadLetterQueueProducer(task, connector)).containsEntry("security.protocol", "SASL_SSL");
    }
}

package io.ferry.runtime.task;

import io.ferry.runtime.config.ConnectorConfig;
import io.ferry.runtime.config.WorkerConfig;
import io.ferry.runtime.security.ConnectorSecurity;
import io.ferry.runtime.status.TaskId;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The settings of the Kafka clients of tasks: Kafka Connect's defaults, then the worker's
 * {@code producer.*}, {@code consumer.*} or {@code admin.*} settings (a task's producer and consumer do
 * not take the worker's top-level {@code security.protocol}, {@code ssl.*} and {@code sasl.*}, as in Kafka
 * Connect; admin clients do), then the connector's
 * {@code producer.override.*}, {@code consumer.override.*} or {@code admin.override.*} ones (when
 * {@code connector.client.config.override.policy=All}).
 */
public final class ClientConfigs {

    private final String bootstrapServers;
    private final WorkerConfig worker;

    /** @param bootstrapServers the brokers the clients connect to (the embedded broker's address, or the worker's setting) */
    public ClientConfigs(String bootstrapServers, WorkerConfig worker) {
        this.bootstrapServers = bootstrapServers;
        this.worker = worker;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * Ferry's producer batch size (Kafka's default is 16 KiB): the pipeline benchmark copies 1,000,000 lines in
     * ~2.9 s with 256 KiB against ~3.6 s with 16 KiB; {@code linger.ms} (5) still bounds the latency.
     */
    static final int PRODUCER_BATCH_SIZE = 256 * 1024;
    /** Ferry's records per sink poll (Kafka's default is 500); memory stays bounded by the fetch sizes. */
    static final int CONSUMER_MAX_POLL_RECORDS = 2000;

    /**
     * A source task's producer: idempotent, {@code acks=all}, retrying without a deadline as Kafka
     * Connect's producers do, with {@value #PRODUCER_BATCH_SIZE}-byte batches.
     */
    public Map<String, Object> sourceProducer(TaskId id, ConnectorConfig connector) {
        Map<String, Object> props = new HashMap<>();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.toString(Integer.MAX_VALUE));
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(Long.MAX_VALUE));
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(PRODUCER_BATCH_SIZE));
        props.put(CommonClientConfigs.CLIENT_ID_CONFIG, "connector-producer-" + id);
        props.putAll(worker.producerOverrides());
        props.putAll(overrides(connector, ConnectorConfig.PRODUCER_OVERRIDE_PREFIX));
        return props;
    }

    /**
     * A sink task's consumer: group {@code connect-<name>}, manual commits, from the earliest offset,
     * {@code isolation.level=read_committed} when {@code exactly.once.source.support=enabled}, up to
     * {@value #CONSUMER_MAX_POLL_RECORDS} records per poll.
     */
    public Map<String, Object> sinkConsumer(TaskId id, ConnectorConfig connector) {
        Map<String, Object> props = new HashMap<>();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId(id.connector()));
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(CONSUMER_MAX_POLL_RECORDS));
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(CommonClientConfigs.CLIENT_ID_CONFIG, "connector-consumer-" + id);
        // Static group membership (KIP-345), with an id that survives restarts: a task restarted after a crash takes
        // its partitions back at once instead of waiting for its dead instance's session to expire (45 s by default).
        props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, TransactionalIds.groupInstanceId(worker, id));
        if (worker.exactlyOnceSourceEnabled()) {
            // Sinks of a worker whose sources deliver exactly once read only committed transactions.
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        }
        props.putAll(worker.consumerOverrides());
        props.putAll(overrides(connector, ConnectorConfig.CONSUMER_OVERRIDE_PREFIX));
        return props;
    }

    /** The producer writing a sink task's failed records to its dead letter queue. */
    public Map<String, Object> deadLetterQueueProducer(TaskId id, ConnectorConfig connector) {
        Map<String, Object> props = sourceProducer(id, connector);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.toString(Integer.MAX_VALUE));
        props.put(CommonClientConfigs.CLIENT_ID_CONFIG, "connector-dlq-producer-" + id);
        return props;
    }

    /**
     * An admin client (dead letter queue topic creation): the worker's client security settings and
     * {@code admin.*} ({@link WorkerConfig#workerClientSettings}), as Kafka Connect's connector admin clients.
     */
    public Map<String, Object> admin(TaskId id, ConnectorConfig connector) {
        Map<String, Object> props = new HashMap<>();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(CommonClientConfigs.CLIENT_ID_CONFIG, "connector-adminclient-" + id);
        props.putAll(worker.workerClientSettings());
        props.putAll(overrides(connector, ConnectorConfig.ADMIN_OVERRIDE_PREFIX));
        return props;
    }

    /**
     * The worker's own admin client (sink connector offsets, the cluster id, fencing): the worker's client security
     * settings and {@code admin.*} ({@link WorkerConfig#workerClientSettings}).
     */
    public Map<String, Object> workerAdmin(String clientId) {
        Map<String, Object> props = new HashMap<>();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        props.putAll(worker.workerClientSettings());
        return props;
    }

    /** The consumer group of a sink connector, as Kafka Connect names it. */
    public static String groupId(String connector) {
        return "connect-" + connector;
    }

    /**
     * The connector's overrides that {@code connector.client.config.override.policy} allows (a
     * validated configuration has no others: see {@code security.ConnectorSecurity}).
     */
    private Map<String, Object> overrides(ConnectorConfig connector, String prefix) {
        Map<String, Object> overrides = connector.clientOverrides(prefix);
        switch (worker.clientOverridePolicy()) {
            case "All" -> overrides.keySet().removeIf(key -> key.startsWith("config.providers"));
            case "Principal" -> overrides.keySet().retainAll(ConnectorSecurity.PRINCIPAL_KEYS);
            default -> overrides.clear();
        }
        return overrides;
    }
}

package io.ferry.runtime.offset;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Source offsets in a compacted Kafka topic ({@code offset.storage.topic}, or a connector's
 * {@code offsets.storage.topic}), in Kafka Connect's record format ({@link OffsetJson}): the
 * topic is created if missing ({@code cleanup.policy=compact}), and {@link #start} reads it from
 * the beginning with {@code isolation.level=read_committed}, so only offsets of committed
 * transactions count. Exactly-once source tasks write their offsets with {@link #records} in the
 * transaction of their records and then tell the store with {@link #applyCommitted}; {@link #write}
 * writes outside any transaction (offsets altered by an operator). {@link #refresh} reads what was
 * committed since.
 *
 * <p>Thread-safe: the consumer and producer are used under their own locks; lookups read a
 * concurrent map and never wait for the broker.
 */
public final class TopicOffsetStore implements OffsetStore {

    private static final Logger log = LoggerFactory.getLogger(TopicOffsetStore.class);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(100);

    /**
     * How the store reaches the cluster.
     *
     * @param bootstrapServers  where the clients connect (known only once the embedded broker listens)
     * @param clientSettings    settings every client gets (e.g. the worker's security settings)
     * @param partitions        partitions of the topic when it is created
     * @param replicationFactor its replication factor when created; -1 or too high: the broker default
     */
    public record Settings(Supplier<String> bootstrapServers, Map<String, Object> clientSettings, int partitions,
                           short replicationFactor) {
    }

    private final String topic;
    private final Settings settings;
    private final Map<String, Map<Map<String, Object>, Map<String, Object>>> data = new ConcurrentHashMap<>();
    private final Object consumerLock = new Object();
    private final Object producerLock = new Object();
    private KafkaConsumer<byte[], byte[]> consumer;
    private KafkaProducer<byte[], byte[]> producer;
    private int loaded;

    public TopicOffsetStore(String topic, Settings settings) {
        this.topic = topic;
        this.settings = settings;
    }

    public String topic() {
        return topic;
    }

    /** How the store reaches the cluster (tests). */
    Settings settings() {
        return settings;
    }

    /**
     * Creates the topic if missing and reads every committed offset.
     *
     * @throws ConnectException if the topic cannot be created, is not compacted, or cannot be read
     */
    @Override
    public void start() {
        synchronized (consumerLock) {
            if (consumer != null) {
                throw new IllegalStateException("Offsets topic store " + topic + " already started");
            }
            ensureTopic();
            Map<String, Object> props = clientProps("ferry-offsets-reader-" + topic);
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> partitions = new ArrayList<>();
            List<PartitionInfo> infos = consumer.partitionsFor(topic, ADMIN_TIMEOUT);
            if (infos == null || infos.isEmpty()) {
                throw new ConnectException("Offsets topic " + topic + " has no partitions");
            }
            infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            readToEnd();
            log.info("Loaded {} source offsets of {} connectors from topic {}", loaded, data.size(), topic);
        }
    }

    /** Reads the offsets committed since the last read (up to the last stable offset). */
    public void refresh() {
        synchronized (consumerLock) {
            if (consumer == null) {
                throw new IllegalStateException("Offsets topic store " + topic + " is not started");
            }
            readToEnd();
        }
    }

    private void readToEnd() {
        Set<TopicPartition> partitions = consumer.assignment();
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, ADMIN_TIMEOUT);
        List<TopicPartition> behind = new ArrayList<>();
        for (TopicPartition partition : partitions) {
            if (consumer.position(partition, ADMIN_TIMEOUT) < end.get(partition)) {
                behind.add(partition);
            }
        }
        while (!behind.isEmpty()) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                apply(record);
            }
            behind.removeIf(partition -> consumer.position(partition, ADMIN_TIMEOUT) >= end.get(partition));
        }
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        try {
            OffsetJson.Key key = OffsetJson.parseKey(record.key());
            Map<String, Object> offset = OffsetJson.parseValue(record.value());
            put(key.namespace(), key.partition(), offset);
            loaded++;
        } catch (IOException e) {
            log.warn("Ignoring record {}-{}@{} of offsets topic {}: {}", record.topic(), record.partition(), record.offset(),
                    topic, e.getMessage());
        }
    }

    private void put(String namespace, Map<String, Object> partition, Map<String, Object> offset) {
        if (offset == null) {
            data.computeIfPresent(namespace, (ns, offsets) -> {
                offsets.remove(partition);
                return offsets.isEmpty() ? null : offsets;
            });
        } else {
            data.computeIfAbsent(namespace, ns -> new ConcurrentHashMap<>()).put(Map.copyOf(partition), new LinkedHashMap<>(offset));
        }
    }

    @Override
    public Map<String, Object> offset(String namespace, Map<String, ?> partition) {
        Map<Map<String, Object>, Map<String, Object>> offsets = data.get(namespace);
        Map<String, Object> offset = offsets == null ? null : offsets.get(partition);
        return offset == null ? null : new HashMap<>(offset);
    }

    @Override
    public Map<Map<String, Object>, Map<String, Object>> offsets(String namespace) {
        Map<Map<String, Object>, Map<String, Object>> result = new HashMap<>();
        data.getOrDefault(namespace, Map.of()).forEach((p, o) -> result.put(new HashMap<>(p), new HashMap<>(o)));
        return result;
    }

    /** The records that store {@code offsets} of {@code namespace}, for a transactional producer to send. */
    public List<ProducerRecord<byte[], byte[]>> records(String namespace, Map<Map<String, Object>, Map<String, Object>> offsets) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        offsets.forEach((partition, offset) -> {
            OffsetFormat.check(partition, "partition");
            OffsetFormat.check(offset, "offset");
            records.add(new ProducerRecord<>(topic, OffsetJson.key(namespace, partition), OffsetJson.value(offset)));
        });
        return records;
    }

    /** Records that {@link #records} of {@code offsets} were committed (so lookups see them at once). */
    public void applyCommitted(String namespace, Map<Map<String, Object>, Map<String, Object>> offsets) {
        offsets.forEach((partition, offset) -> put(namespace, partition, offset));
    }

    /** Writes offsets outside any transaction and waits until the broker has them. */
    @Override
    public void write(String namespace, Map<Map<String, Object>, Map<String, Object>> offsets) {
        if (offsets.isEmpty()) {
            return;
        }
        synchronized (producerLock) {
            if (producer == null) {
                Map<String, Object> props = clientProps("ferry-offsets-writer-" + topic);
                props.put(ProducerConfig.ACKS_CONFIG, "all");
                props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
                producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
            }
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (ProducerRecord<byte[], byte[]> record : records(namespace, offsets)) {
                sent.add(producer.send(record));
            }
            try {
                for (Future<RecordMetadata> future : sent) {
                    future.get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConnectException("Interrupted while writing offsets to topic " + topic, e);
            } catch (ExecutionException | TimeoutException e) {
                Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                throw new ConnectException("Cannot write offsets to topic " + topic + ": " + cause, cause);
            }
        }
        applyCommitted(namespace, offsets);
    }

    @Override
    public void close() {
        synchronized (producerLock) {
            if (producer != null) {
                producer.close(Duration.ofSeconds(5));
                producer = null;
            }
        }
        synchronized (consumerLock) {
            if (consumer != null) {
                consumer.close(Duration.ofSeconds(5));
                consumer = null;
            }
        }
    }

    private Map<String, Object> clientProps(String clientId) {
        Map<String, Object> props = new HashMap<>(settings.clientSettings());
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers().get());
        props.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        return props;
    }

    /** Creates the topic (compacted) if it does not exist; an existing one must be compacted. */
    private void ensureTopic() {
        try (Admin admin = Admin.create(clientProps("ferry-offsets-admin-" + topic))) {
            if (!admin.listTopics().names().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).contains(topic)) {
                create(admin);
            }
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config config = admin.describeConfigs(List.of(resource)).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(resource);
            ConfigEntry policy = config == null ? null : config.get(TopicConfig.CLEANUP_POLICY_CONFIG);
            if (policy != null && !policy.value().contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
                throw new ConnectException("Offsets topic " + topic + " has " + TopicConfig.CLEANUP_POLICY_CONFIG + "=" + policy.value()
                        + "; it must be compacted (" + TopicConfig.CLEANUP_POLICY_CONFIG + "=compact) or offsets would be lost");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while checking offsets topic " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new ConnectException("Cannot check or create offsets topic " + topic + ": " + cause, cause);
        }
    }

    private void create(Admin admin) throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, String> configs = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        short replication = settings.replicationFactor();
        NewTopic wanted = replication < 0 ? new NewTopic(topic, Optional.of(settings.partitions()), Optional.empty())
                : new NewTopic(topic, settings.partitions(), replication);
        try {
            // With three or more replicas a source offset is acknowledged only once two of them have it.
            createTopic(admin, wanted.configs(replication >= 3 ? withMinIsr(configs) : configs));
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof InvalidReplicationFactorException)) {
                throw e;
            }
            log.warn("Offsets topic {} cannot have replication factor {} on this cluster ({}); creating it with the broker default",
                    topic, replication, e.getCause().getMessage());
            createTopic(admin, new NewTopic(topic, Optional.of(settings.partitions()), Optional.empty()).configs(configs));
        }
        log.info("Created offsets topic {} ({} partitions, cleanup.policy=compact)", topic, settings.partitions());
    }

    private static Map<String, String> withMinIsr(Map<String, String> configs) {
        Map<String, String> all = new java.util.HashMap<>(configs);
        all.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2");
        return all;
    }

    private static void createTopic(Admin admin, NewTopic topic) throws InterruptedException, ExecutionException, TimeoutException {
        try {
            admin.createTopics(List.of(topic)).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }
}

package io.ferry.runtime.offset;

import io.ferry.runtime.config.WorkerConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The source offsets of a worker with exactly-once sources: the worker's offsets topic
 * ({@code offset.storage.topic}), which is what this store reads and writes, and the topics
 * connectors name with {@code offsets.storage.topic}, each opened (created if missing, read with
 * {@code read_committed}) the first time a connector asks for it and closed with this store.
 * Thread-safe.
 */
public final class TopicOffsetStores implements OffsetStore {

    private final TopicOffsetStore.Settings settings;
    private final TopicOffsetStore worker;
    private final Map<String, TopicOffsetStore> connectorTopics = new LinkedHashMap<>();

    /**
     * The offsets of a worker with {@code exactly.once.source.support=enabled}: topic
     * {@code offset.storage.topic}, created with {@code offset.storage.partitions} and
     * {@code offset.storage.replication.factor}; its clients get the worker's client security settings
     * ({@code security.protocol}, {@code ssl.*}, {@code sasl.*}) and {@code admin.*} settings
     * ({@link WorkerConfig#workerClientSettings}).
     *
     * @param bootstrapServers where the cluster is, asked when the store starts
     */
    public static TopicOffsetStores forWorker(WorkerConfig config, Supplier<String> bootstrapServers) {
        return new TopicOffsetStores(config.offsetStorageTopic(), new TopicOffsetStore.Settings(bootstrapServers,
                config.workerClientSettings(), config.offsetStoragePartitions(), config.offsetStorageReplicationFactor()));
    }

    public TopicOffsetStores(String workerTopic, TopicOffsetStore.Settings settings) {
        this.settings = settings;
        this.worker = new TopicOffsetStore(workerTopic, settings);
    }

    /** The worker's offsets topic. */
    public TopicOffsetStore workerTopic() {
        return worker;
    }

    /**
     * The store of an offsets topic: the worker's, or a connector's (started on first use).
     *
     * @param topic a connector's {@code offsets.storage.topic}, or null for the worker's
     */
    public synchronized TopicOffsetStore topic(String topic) {
        if (topic == null || topic.equals(worker.topic())) {
            return worker;
        }
        TopicOffsetStore store = connectorTopics.get(topic);
        if (store == null) {
            store = new TopicOffsetStore(topic, settings);
            store.start();
            connectorTopics.put(topic, store);
        }
        return store;
    }

    /**
     * What a connector reads its offsets from: its own topic's offsets over the worker's, or just
     * the worker's.
     */
    public OffsetStore view(String connectorTopic) {
        TopicOffsetStore own = topic(connectorTopic);
        return own == worker ? worker : new LayeredOffsetStore(own, worker);
    }

    @Override
    public void start() {
        worker.start();
    }

    @Override
    public Map<String, Object> offset(String namespace, Map<String, ?> partition) {
        return worker.offset(namespace, partition);
    }

    @Override
    public Map<Map<String, Object>, Map<String, Object>> offsets(String namespace) {
        return worker.offsets(namespace);
    }

    @Override
    public void write(String namespace, Map<Map<String, Object>, Map<String, Object>> offsets) {
        worker.write(namespace, offsets);
    }

    @Override
    public synchronized void close() {
        connectorTopics.values().forEach(TopicOffsetStore::close);
        connectorTopics.clear();
        worker.close();
    }
}

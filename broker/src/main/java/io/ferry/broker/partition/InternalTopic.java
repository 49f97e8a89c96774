package io.ferry.broker.partition;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.IntConsumer;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.CoordinatorNotAvailableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.ferry.broker.cluster.BrokerNode;
import io.ferry.broker.cluster.ClusterMetadata;
import io.ferry.broker.cluster.PartitionState;
import io.ferry.broker.cluster.TopicMetadata;

/**
 * A compacted internal topic that a coordinator keeps its state in ({@code __consumer_offsets},
 * {@code __transaction_state}): created on first use, written synchronously (a change is answered only once its
 * records are in the log) and replayed. Keys are routed to partitions by a coordinator key (group id, transactional
 * id). On a single-node broker this broker coordinates every key once {@link #replay} ran; in a cluster it
 * coordinates the keys of the partitions it leads, each loaded when it becomes leader ({@link #elected}; requests
 * meanwhile get COORDINATOR_LOAD_IN_PROGRESS) and unloaded when it stops leading, and other keys get NOT_COORDINATOR.
 */
public final class InternalTopic implements PartitionManager.LeadershipListener {

    private static final Logger LOG = LoggerFactory.getLogger(InternalTopic.class);

    /** How long a coordinator write waits for replication (Kafka's offsets.commit.timeout.ms default). */
    private static final long COMMIT_TIMEOUT_MS = 5000;

    private final String name;
    private final ClusterMetadata metadata;
    private final PartitionManager partitions;
    private final int partitionCount;
    private final int replicationFactor;
    private final Map<String, String> configs;
    private final boolean replicated;
    /** In a cluster: the partitions led here, true once loaded. */
    private final Map<Integer, Boolean> owned = new ConcurrentHashMap<>();
    private volatile Loader loader;
    private volatile Executor loadExecutor;

    /** What a coordinator does when it gains or loses a partition of its topic. */
    public interface Loader {
        /** Loads the state of {@code partition} (replay it); runs off the network threads. */
        void load(int partition, int leaderEpoch);

        /** Forgets the state of {@code partition}: another broker coordinates its keys now. */
        void unload(int partition);
    }

    /**
     * @param configs the topic's configs beyond compaction (min.insync.replicas)
     * @param replicated true in a cluster, where partitions are coordinated only while led here
     */
    public InternalTopic(String name, ClusterMetadata metadata, PartitionManager partitions, int partitionCount,
                         int replicationFactor, Map<String, String> configs, boolean replicated) {
        this.name = name;
        this.metadata = metadata;
        this.partitions = partitions;
        this.partitionCount = partitionCount;
        this.replicationFactor = replicationFactor;
        this.configs = Map.copyOf(configs);
        this.replicated = replicated;
    }

    /** In a cluster: how the coordinator loads and unloads partitions, and the executor loads run on. */
    public void onLeadership(Loader loader, Executor executor) {
        this.loadExecutor = executor;
        this.loader = loader;
        partitions.addLeadershipListener(this);
    }

    @Override
    public void elected(Partition partition) {
        TopicPartition tp = partition.topicPartition();
        Loader l = loader;
        if (!replicated || l == null || !tp.topic().equals(name)) {
            return;
        }
        int p = tp.partition();
        int epoch = partition.leaderEpoch();
        owned.put(p, false);
        loadExecutor.execute(() -> {
            try {
                l.load(p, epoch);
                if (partition.isLeader() && partition.leaderEpoch() == epoch) {
                    owned.replace(p, false, true);
                    LOG.info("Coordinating the keys of {} (epoch {})", tp, epoch);
                }
            } catch (RuntimeException e) {
                LOG.error("Could not load {}; its keys stay unavailable here: {}", tp, e.toString());
                owned.remove(p);
            }
        });
    }

    @Override
    public void resigned(Partition partition) {
        TopicPartition tp = partition.topicPartition();
        Loader l = loader;
        if (!replicated || l == null || !tp.topic().equals(name)) {
            return;
        }
        if (owned.remove(tp.partition()) != null) {
            l.unload(tp.partition());
            LOG.info("No longer coordinating the keys of {}", tp);
        }
    }

    /**
     * Whether this broker coordinates {@code key}: NONE, COORDINATOR_LOAD_IN_PROGRESS while its partition loads,
     * NOT_COORDINATOR when another broker leads it.
     */
    public Errors ownership(String key) {
        if (!replicated) {
            return Errors.NONE;
        }
        return partitionOwnership(partitionFor(key));
    }

    /** {@link #ownership(String)} of every key of one partition of the topic. */
    public Errors partitionOwnership(int partition) {
        if (!replicated) {
            return Errors.NONE;
        }
        Boolean loaded = owned.get(partition);
        return loaded == null ? Errors.NOT_COORDINATOR : loaded ? Errors.NONE : Errors.COORDINATOR_LOAD_IN_PROGRESS;
    }

    /**
     * The broker coordinating {@code key}: the leader of its partition, or empty while the topic or a leader is
     * missing (FindCoordinator answers COORDINATOR_NOT_AVAILABLE then; in a cluster the topic's creation is started
     * in the background instead of holding the network thread).
     */
    public Optional<BrokerNode> coordinatorFor(String key) {
        return coordinatorFor(key, null);
    }

    /** {@link #coordinatorFor(String)} at the coordinator's endpoint of {@code listener} (null: inter-broker). */
    public Optional<BrokerNode> coordinatorFor(String key, String listener) {
        Optional<TopicMetadata> t = metadata.topic(name);
        if (t.isEmpty()) {
            if (!replicated) {
                ensureCreated();
                return coordinatorFor(key, listener);
            }
            loadExecutor.execute(this::ensureCreatedQuietly);
            return Optional.empty();
        }
        List<PartitionState> parts = t.get().partitions();
        int p = Utils.abs(key.hashCode()) % parts.size();
        int leader = parts.get(p).leader();
        if (leader < 0) {
            return Optional.empty();
        }
        return listener == null ? metadata.broker(leader) : metadata.broker(leader, listener);
    }

    private void ensureCreatedQuietly() {
        try {
            ensureCreated();
        } catch (RuntimeException e) {
            LOG.warn("Could not create {}: {}", name, e.getMessage());
        }
    }

    public String name() {
        return name;
    }

    /**
     * Creates the topic if it does not exist yet (first use, or FindCoordinator); returns its partition count (the
     * configured count while a topic just created in a cluster is not in this broker's metadata yet).
     */
    public int ensureCreated() {
        if (metadata.topic(name).isEmpty()) {
            try {
                int brokers = Math.max(1, metadata.brokers().size());
                int rf = Math.min(replicationFactor, brokers);
                if (rf < replicationFactor) {
                    LOG.warn("Creating {} with replication factor {}: only {} brokers are alive (configured {})",
                            name, rf, brokers, replicationFactor);
                }
                Map<String, String> all = new java.util.HashMap<>(configs);
                all.put("cleanup.policy", "compact");
                all.put("segment.bytes", Integer.toString(100 * 1024 * 1024));
                metadata.createTopic(name, partitionCount, rf, all, false);
            } catch (TopicExistsException raced) {
                // created concurrently
            }
        }
        // In a cluster this broker learns of the new topic from ZooKeeper a moment later.
        return metadata.topic(name).map(t -> t.partitions().size()).orElse(partitionCount);
    }

    public int partitionFor(String coordinatorKey) {
        return Utils.abs(coordinatorKey.hashCode()) % metadata.topic(name).map(t -> t.partitions().size())
                .orElse(partitionCount);
    }

    /**
     * Appends key/value records (a null value is a tombstone) for a coordinator key, as one batch, and in a cluster
     * waits until they are replicated to the ISR (they survive the loss of this broker). A write that is not
     * replicated in time is a COORDINATOR_NOT_AVAILABLE error (the client retries); a lost leadership is
     * NOT_COORDINATOR. In a cluster this blocks, so coordinator requests run off the network threads there
     * ({@link #executor()}).
     */
    public void write(String coordinatorKey, List<Map.Entry<byte[], byte[]>> records) {
        append(coordinatorKey, records, true);
    }

    /** Appends like {@link #write} without waiting for replication (group metadata: members rejoin anyway). */
    public void writeWithoutWaiting(String coordinatorKey, List<Map.Entry<byte[], byte[]>> records) {
        append(coordinatorKey, records, false);
    }

    private void append(String coordinatorKey, List<Map.Entry<byte[], byte[]>> records, boolean await) {
        if (records.isEmpty()) {
            return;
        }
        Partition partition = partitionOf(coordinatorKey);
        SimpleRecord[] simple = simpleRecords(records);
        long last;
        try {
            last = partition.appendRecordsAsLeader(MemoryRecords.withRecords(Compression.NONE, simple)).lastOffset();
        } catch (org.apache.kafka.common.errors.NotLeaderOrFollowerException e) {
            throw new org.apache.kafka.common.errors.NotCoordinatorException(e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write to " + partition.topicPartition(), e);
        }
        if (await) {
            awaitReplication(partition, last);
        }
    }

    /** In a cluster, waits until {@code lastOffset} is committed (below the high watermark). */
    private void awaitReplication(Partition partition, long lastOffset) {
        if (!replicated) {
            return;
        }
        Errors result;
        try {
            result = partition.awaitCommit(lastOffset).get(COMMIT_TIMEOUT_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            result = Errors.REQUEST_TIMED_OUT;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result = Errors.REQUEST_TIMED_OUT;
        } catch (java.util.concurrent.ExecutionException e) {
            result = Errors.UNKNOWN_SERVER_ERROR;
        }
        switch (result) {
            case NONE -> {
            }
            case NOT_LEADER_OR_FOLLOWER -> throw new org.apache.kafka.common.errors.NotCoordinatorException(
                    partition.topicPartition() + " moved to another leader before the write was replicated");
            default -> throw new org.apache.kafka.common.errors.CoordinatorNotAvailableException("The write to "
                    + partition.topicPartition() + " was not replicated to its ISR (" + result + ")");
        }
    }

    /** Whether this broker coordinates only the partitions it leads (a cluster), waiting for replication. */
    public boolean isReplicated() {
        return replicated;
    }

    /** Where coordinator work runs off the network threads (loads; in a cluster, the requests themselves). */
    public Executor executor() {
        return loadExecutor;
    }

    /**
     * Appends key/value records for a coordinator key with acks=all and returns the offset of the last one; an
     * ApiException (NOT_ENOUGH_REPLICAS, NOT_LEADER_OR_FOLLOWER...) means nothing was written. {@link #awaitCommit}
     * tells when the records are committed.
     */
    public long writeForCommit(String coordinatorKey, List<Map.Entry<byte[], byte[]>> records) {
        Partition partition = partitionOf(coordinatorKey);
        SimpleRecord[] simple = simpleRecords(records);
        try {
            return partition.appendRecordsAsLeader(MemoryRecords.withRecords(Compression.NONE, simple), (short) -1)
                    .lastOffset();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write to " + partition.topicPartition(), e);
        }
    }

    /**
     * Completes once the coordinator key's partition committed {@code offset}: NONE, or the error that holds it back
     * (NOT_LEADER_OR_FOLLOWER, NOT_ENOUGH_REPLICAS_AFTER_APPEND, REQUEST_TIMED_OUT after {@code timeoutMs}).
     */
    public java.util.concurrent.CompletableFuture<Errors> awaitCommit(String coordinatorKey, long offset,
                                                                     long timeoutMs) {
        TopicPartition tp = new TopicPartition(name, partitionFor(coordinatorKey));
        Partition partition = partitions.partition(tp).orElse(null);
        if (partition == null) {
            return java.util.concurrent.CompletableFuture.completedFuture(Errors.NOT_LEADER_OR_FOLLOWER);
        }
        return partition.awaitCommit(offset).completeOnTimeout(Errors.REQUEST_TIMED_OUT, timeoutMs,
                java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Key/value pairs as records stamped now (a null value is a tombstone). */
    private static SimpleRecord[] simpleRecords(List<Map.Entry<byte[], byte[]>> records) {
        long now = System.currentTimeMillis();
        return records.stream().map(e -> new SimpleRecord(now, e.getKey(), e.getValue())).toArray(SimpleRecord[]::new);
    }

    /** Receives the records of an internal topic during replay, in log order per partition. */
    public interface ReplayVisitor {

        /** A data record; {@code value} is null for a tombstone. */
        void record(int partition, RecordBatch batch, ByteBuffer key, ByteBuffer value);

        /** A transaction marker written for {@code producerId}. */
        default void marker(int partition, long producerId, boolean commit) {
        }
    }

    /**
     * Appends records that belong to a producer's transaction (TxnOffsetCommit): they count only once the
     * transaction's commit marker is written to the same partition.
     */
    public void writeTransactional(String coordinatorKey, long producerId, short epoch,
                                   List<Map.Entry<byte[], byte[]>> records) {
        if (records.isEmpty()) {
            return;
        }
        Partition partition = partitionOf(coordinatorKey);
        SimpleRecord[] simple = simpleRecords(records);
        long last;
        try {
            last = partition.appendCoordinatorRecords(MemoryRecords.withTransactionalRecords(Compression.NONE,
                    producerId, epoch, 0, simple));
        } catch (org.apache.kafka.common.errors.NotLeaderOrFollowerException e) {
            throw new org.apache.kafka.common.errors.NotCoordinatorException(e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write to " + partition.topicPartition(), e);
        }
        awaitReplication(partition, last);
    }

    private Partition partitionOf(String coordinatorKey) {
        ensureCreated();
        TopicPartition tp = new TopicPartition(name, partitionFor(coordinatorKey));
        return partitions.partition(tp).orElseThrow(() ->
                new CoordinatorNotAvailableException("Partition " + tp + " is not available"));
    }

    /**
     * Replays every record and transaction marker of every partition, in log order. A topic that does not exist yet
     * has nothing to replay: it is created on first use (as Kafka does), which keeps a fresh broker's start fast.
     */
    public void replay(ReplayVisitor visitor) {
        if (replicated || metadata.topic(name).isEmpty()) {
            return;
        }
        int count = metadata.topic(name).get().partitions().size();
        long records = 0;
        for (int p = 0; p < count; p++) {
            records += replay(p, visitor);
        }
        LOG.info("Loaded {} records from {}", records, name);
    }

    /** Replays one partition's records and markers in log order; returns the number of records. */
    public long replay(int p, ReplayVisitor visitor) {
        long records = 0;
        {
            TopicPartition tp = new TopicPartition(name, p);
            Partition partition = partitions.partition(tp).orElse(null);
            if (partition == null) {
                return 0;
            }
            try {
                for (RecordBatch batch : partition.log().batchesFrom(partition.log().logStartOffset())) {
                    for (Record r : batch) {
                        if (batch.isControlBatch()) {
                            ControlRecordType type = ControlRecordType.parse(r.key());
                            if (type == ControlRecordType.COMMIT || type == ControlRecordType.ABORT) {
                                visitor.marker(p, batch.producerId(), type == ControlRecordType.COMMIT);
                            }
                        } else if (r.hasKey()) {
                            visitor.record(p, batch, r.key(), r.hasValue() ? r.value() : null);
                            records++;
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Could not read " + tp, e);
            }
        }
        return records;
    }
}

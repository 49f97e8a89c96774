package io.ferry.broker.api;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.requests.ProduceRequest;

import io.ferry.broker.partition.Partition;
import io.ferry.broker.partition.PartitionManager;
import io.ferry.broker.txn.TxnVerifier;

/**
 * KIP-890 for one produce request: the partitions whose transactional batch would open a transaction here, each with
 * the token its append must present, verified with the transaction's coordinator (batched per producer id and
 * epoch). A partition the coordinator does not list gets its error instead of being appended.
 */
final class TxnVerification {

    private record Producer(long id, short epoch) {
    }

    private final Map<TopicPartition, Object> tokens = new HashMap<>();
    private final Map<TopicPartition, Errors> errors = new ConcurrentHashMap<>();
    private CompletableFuture<Void> verified = CompletableFuture.completedFuture(null);

    private TxnVerification() {
    }

    static TxnVerification start(TxnVerifier verifier, PartitionManager partitions, ProduceRequest request,
                                 Set<String> writable) {
        TxnVerification v = new TxnVerification();
        String transactionalId = request.transactionalId();
        if (transactionalId == null) {
            return v;
        }
        Map<Producer, List<TopicPartition>> byProducer = new HashMap<>();
        Map<TopicPartition, Partition> leaders = new HashMap<>();
        for (ProduceRequestData.TopicProduceData topic : request.data().topicData()) {
            if (!writable.contains(topic.name())) {
                continue;
            }
            for (ProduceRequestData.PartitionProduceData pd : topic.partitionData()) {
                TopicPartition tp = new TopicPartition(topic.name(), pd.index());
                MutableRecordBatch batch = firstBatch(pd);
                Partition partition = partitions.partition(tp).orElse(null);
                if (batch == null || !batch.isTransactional() || partition == null || !partition.isLeader()) {
                    continue; // the append reports what is wrong
                }
                Object token;
                try {
                    token = partition.startVerification(batch);
                } catch (IOException e) {
                    continue;
                }
                if (token != null) {
                    v.tokens.put(tp, token);
                    leaders.put(tp, partition);
                    byProducer.computeIfAbsent(new Producer(batch.producerId(), batch.producerEpoch()),
                            p -> new ArrayList<>()).add(tp);
                }
            }
        }
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        byProducer.forEach((producer, tps) -> pending.add(verifier.verify(transactionalId, producer.id(),
                producer.epoch(), tps).handle((result, failure) -> {
                    for (TopicPartition tp : tps) {
                        Errors e = failure != null ? Errors.NOT_ENOUGH_REPLICAS : result.getOrDefault(tp, Errors.NONE);
                        if (e != Errors.NONE) {
                            v.errors.put(tp, e);
                            v.forget(leaders.get(tp), producer.id(), tp);
                        }
                    }
                    return null;
                })));
        v.verified = CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new));
        return v;
    }

    private static MutableRecordBatch firstBatch(ProduceRequestData.PartitionProduceData pd) {
        try {
            Iterator<MutableRecordBatch> it = ((MemoryRecords) pd.records()).batches().iterator();
            return it.hasNext() ? it.next() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private void forget(Partition partition, long producerId, TopicPartition tp) {
        try {
            partition.endVerification(producerId, tokens.get(tp));
        } catch (IOException e) {
            // the append fails on the same storage error
        }
    }

    boolean isEmpty() {
        return tokens.isEmpty();
    }

    /** Completes once every verification has been answered. */
    CompletableFuture<Void> verified() {
        return verified;
    }

    /** NONE, or why the partition's batch is refused. */
    Errors error(TopicPartition tp) {
        return errors.getOrDefault(tp, Errors.NONE);
    }

    /** The verification token to append with (null when none was needed). */
    Object token(TopicPartition tp) {
        return tokens.get(tp);
    }
}

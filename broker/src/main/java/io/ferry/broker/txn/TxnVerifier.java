package io.ferry.broker.txn;

import java.io.IOException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTopic;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTopicCollection;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTransaction;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTransactionCollection;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AddPartitionsToTxnRequest;
import org.apache.kafka.common.requests.AddPartitionsToTxnResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.ferry.broker.client.BrokerChannel;
import io.ferry.broker.client.ChannelSecurity;
import io.ferry.broker.cluster.BrokerNode;
import io.ferry.broker.cluster.ClusterMetadata;
import io.ferry.broker.partition.InternalTopic;

/**
 * KIP-890 server-side verification for a partition leader: before a transactional batch opens a transaction in a
 * partition, the transaction's coordinator must list the partition in it. The local coordinator is asked directly;
 * another broker with AddPartitionsToTxn v4 {@code verifyOnly}, off the network threads. Errors come back as Kafka's
 * broker returns them to the producer (see {@link #forProducer}).
 */
public final class TxnVerifier implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TxnVerifier.class);
    private static final short VERIFY_VERSION = 4;

    private final int localBroker;
    private final InternalTopic stateTopic;
    private final TransactionCoordinator coordinator;
    private final ClusterMetadata metadata;
    private final int timeoutMs;
    private final ChannelSecurity security;
    private final Map<Integer, BrokerChannel> channels = new ConcurrentHashMap<>();
    private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "ferry-txn-verify");
        t.setDaemon(true);
        return t;
    });

    public TxnVerifier(int localBroker, InternalTopic stateTopic, TransactionCoordinator coordinator,
                       ClusterMetadata metadata, int timeoutMs, ChannelSecurity security) {
        this.localBroker = localBroker;
        this.stateTopic = stateTopic;
        this.coordinator = coordinator;
        this.metadata = metadata;
        this.timeoutMs = timeoutMs;
        this.security = security;
    }

    /** The error of each partition, already mapped for the produce response (NONE: verified). */
    public CompletableFuture<Map<TopicPartition, Errors>> verify(String transactionalId, long producerId, short epoch,
                                                                 Collection<TopicPartition> tps) {
        if (stateTopic.ownership(transactionalId) == Errors.NONE) {
            return CompletableFuture.completedFuture(
                    forProducer(coordinator.verifyPartitions(transactionalId, producerId, epoch, tps)));
        }
        try {
            return CompletableFuture.supplyAsync(() -> forProducer(askCoordinator(transactionalId, producerId, epoch,
                    tps)), executor);
        } catch (RejectedExecutionException stopping) {
            return CompletableFuture.completedFuture(all(tps, Errors.NOT_ENOUGH_REPLICAS));
        }
    }

    private Map<TopicPartition, Errors> askCoordinator(String transactionalId, long producerId, short epoch,
                                                       Collection<TopicPartition> tps) {
        BrokerNode node = stateTopic.coordinatorFor(transactionalId).orElse(null);
        if (node == null) {
            return all(tps, Errors.COORDINATOR_NOT_AVAILABLE);
        }
        if (node.id() == localBroker) {
            Errors ownership = stateTopic.ownership(transactionalId);
            return ownership == Errors.NONE ? coordinator.verifyPartitions(transactionalId, producerId, epoch, tps)
                    : all(tps, ownership);
        }
        AddPartitionsToTxnTopicCollection topics = new AddPartitionsToTxnTopicCollection();
        Map<String, AddPartitionsToTxnTopic> byTopic = new TreeMap<>();
        tps.forEach(tp -> byTopic.computeIfAbsent(tp.topic(), n -> new AddPartitionsToTxnTopic().setName(n))
                .partitions().add(tp.partition()));
        byTopic.values().forEach(topics::add);
        AddPartitionsToTxnTransactionCollection txns = new AddPartitionsToTxnTransactionCollection();
        txns.add(new AddPartitionsToTxnTransaction().setTransactionalId(transactionalId).setProducerId(producerId)
                .setProducerEpoch(epoch).setVerifyOnly(true).setTopics(topics));
        BrokerChannel channel = channels.computeIfAbsent(node.id(), id -> new BrokerChannel(
                "ferry-txn-verify-" + localBroker, node.host(), node.port(), timeoutMs, security));
        AddPartitionsToTxnResponse response;
        try {
            synchronized (channel) {
                channel.retarget(node.host(), node.port());
                response = (AddPartitionsToTxnResponse) channel.send(
                        AddPartitionsToTxnRequest.Builder.forBroker(txns).build(VERIFY_VERSION));
            }
        } catch (IOException e) {
            LOG.debug("Verifying the transaction of {} with broker {} failed: {}", transactionalId, node.id(),
                    e.toString());
            return all(tps, Errors.NETWORK_EXCEPTION);
        }
        Errors top = Errors.forCode(response.data().errorCode());
        if (top != Errors.NONE) {
            // As Kafka: a coordinator refusing this broker must not leak CLUSTER_AUTHORIZATION_FAILED to the client.
            return all(tps, top == Errors.CLUSTER_AUTHORIZATION_FAILED ? Errors.INVALID_TXN_STATE : top);
        }
        Map<TopicPartition, Errors> result = new LinkedHashMap<>(all(tps, Errors.NONE));
        result.putAll(response.errors().getOrDefault(transactionalId, Map.of()));
        return result;
    }

    /**
     * As Kafka's partition leader answers the producer: a fenced producer sees INVALID_PRODUCER_EPOCH, and coordinator
     * trouble NOT_ENOUGH_REPLICAS, which every client version retries without a metadata refresh.
     */
    static Map<TopicPartition, Errors> forProducer(Map<TopicPartition, Errors> errors) {
        Map<TopicPartition, Errors> out = new LinkedHashMap<>();
        errors.forEach((tp, e) -> out.put(tp, switch (e) {
            case PRODUCER_FENCED -> Errors.INVALID_PRODUCER_EPOCH;
            case TRANSACTION_ABORTABLE -> Errors.INVALID_TXN_STATE;
            case CONCURRENT_TRANSACTIONS, NETWORK_EXCEPTION, COORDINATOR_LOAD_IN_PROGRESS, COORDINATOR_NOT_AVAILABLE,
                 NOT_COORDINATOR, REQUEST_TIMED_OUT -> Errors.NOT_ENOUGH_REPLICAS;
            default -> e;
        }));
        return out;
    }

    private static Map<TopicPartition, Errors> all(Collection<TopicPartition> tps, Errors error) {
        Map<TopicPartition, Errors> out = new LinkedHashMap<>();
        tps.forEach(tp -> out.put(tp, error));
        return out;
    }

    @Override
    public void close() {
        executor.shutdownNow();
        channels.values().forEach(BrokerChannel::close);
    }
}

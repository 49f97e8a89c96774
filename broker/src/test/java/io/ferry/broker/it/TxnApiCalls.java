package io.ferry.broker.it;

import static io.ferry.broker.it.ConformanceFixture.TOPIC;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.AddOffsetsToTxnRequestData;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData;
import org.apache.kafka.common.message.DescribeProducersRequestData;
import org.apache.kafka.common.message.DescribeTransactionsRequestData;
import org.apache.kafka.common.message.EndTxnRequestData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.ListTransactionsRequestData;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData;
import org.apache.kafka.common.message.WriteTxnMarkersRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AddPartitionsToTxnResponse;
import org.apache.kafka.common.requests.DescribeProducersResponse;
import org.apache.kafka.common.requests.DescribeTransactionsResponse;
import org.apache.kafka.common.requests.InitProducerIdResponse;
import org.apache.kafka.common.requests.ListTransactionsResponse;
import org.apache.kafka.common.requests.WriteTxnMarkersResponse;

/**
 * Conformance calls of the transaction APIs. Each call under test runs in a transaction of its own, begun and
 * ended around it with the highest advertised versions.
 */
final class TxnApiCalls {

    private TxnApiCalls() {
    }

    /** A producer id and epoch handed out for a transactional id. */
    private record Txn(String id, long producerId, short epoch) {
    }

    static void register(Map<ApiKeys, ConformanceFixture.Step> steps, ConformanceFixture f) {
        steps.put(ApiKeys.INIT_PRODUCER_ID, (c, v) -> {
            init(c, v, "conf-init-" + v);
            init(c, v, null);
        });
        steps.put(ApiKeys.ADD_PARTITIONS_TO_TXN, (c, v) -> {
            Txn t = init(c, f.max(ApiKeys.INIT_PRODUCER_ID), "conf-apt-" + v);
            addPartition(c, v, t);
            if (v >= 4) {
                assertThat(brokerAdd(c, v, t, TOPIC, true).errors().get(t.id()))
                        .containsEntry(new TopicPartition(TOPIC, 0), Errors.NONE);
                assertThat(brokerAdd(c, v, t, ConformanceFixture.PRODUCE_TOPIC, true).errors().get(t.id()))
                        .as("verifyOnly: a partition not in the transaction")
                        .containsEntry(new TopicPartition(ConformanceFixture.PRODUCE_TOPIC, 0), Errors.INVALID_TXN_STATE);
            }
            end(c, f.max(ApiKeys.END_TXN), t, false);
        });
        steps.put(ApiKeys.ADD_OFFSETS_TO_TXN, (c, v) -> {
            Txn t = init(c, f.max(ApiKeys.INIT_PRODUCER_ID), "conf-aot-" + v);
            addOffsets(c, v, t, "conf-txn-group-" + v);
            end(c, f.max(ApiKeys.END_TXN), t, false);
        });
        steps.put(ApiKeys.END_TXN, (c, v) -> {
            Txn t = init(c, f.max(ApiKeys.INIT_PRODUCER_ID), "conf-end-" + v);
            addPartition(c, f.max(ApiKeys.ADD_PARTITIONS_TO_TXN), t);
            end(c, v, t, true);
        });
        steps.put(ApiKeys.WRITE_TXN_MARKERS, (c, v) -> {
            Txn t = init(c, f.max(ApiKeys.INIT_PRODUCER_ID), "conf-wtm-" + v);
            WriteTxnMarkersRequestData d = new WriteTxnMarkersRequestData().setMarkers(new ArrayList<>(List.of(
                    new WriteTxnMarkersRequestData.WritableTxnMarker().setProducerId(t.producerId())
                            .setProducerEpoch(t.epoch()).setTransactionResult(false).setCoordinatorEpoch(0)
                            .setTopics(new ArrayList<>(List.of(new WriteTxnMarkersRequestData.WritableTxnMarkerTopic()
                                    .setName(TOPIC).setPartitionIndexes(new ArrayList<>(List.of(0)))))))));
            WriteTxnMarkersResponse r = c.call(ApiKeys.WRITE_TXN_MARKERS, v, d);
            assertThat(r.errorsByProducerId().get(t.producerId()))
                    .containsEntry(new TopicPartition(TOPIC, 0), Errors.NONE);
        });
        steps.put(ApiKeys.TXN_OFFSET_COMMIT, (c, v) -> {
            Txn t = init(c, f.max(ApiKeys.INIT_PRODUCER_ID), "conf-toc-" + v);
            String group = "conf-txn-commit-" + v;
            addOffsets(c, f.max(ApiKeys.ADD_OFFSETS_TO_TXN), t, group);
            TxnOffsetCommitRequestData d = new TxnOffsetCommitRequestData().setTransactionalId(t.id())
                    .setGroupId(group).setProducerId(t.producerId()).setProducerEpoch(t.epoch())
                    .setTopics(new ArrayList<>(List.of(new TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic()
                            .setName(TOPIC).setPartitions(new ArrayList<>(List.of(
                                    new TxnOffsetCommitRequestData.TxnOffsetCommitRequestPartition()
                                            .setPartitionIndex(0).setCommittedOffset(1)
                                            .setCommittedMetadata("")))))));
            AdminApiCalls.assertNoErrors(c.call(ApiKeys.TXN_OFFSET_COMMIT, v, d).errorCounts());
            end(c, f.max(ApiKeys.END_TXN), t, false);
        });
    }

    /** DescribeProducers, DescribeTransactions and ListTransactions ({@code kafka-transactions}). */
    static void registerDescribe(Map<ApiKeys, ConformanceFixture.Step> steps, ConformanceFixture f) {
        steps.put(ApiKeys.DESCRIBE_PRODUCERS, (c, v) -> {
            DescribeProducersResponse r = c.call(ApiKeys.DESCRIBE_PRODUCERS, v, new DescribeProducersRequestData()
                    .setTopics(new ArrayList<>(List.of(new DescribeProducersRequestData.TopicRequest().setName(TOPIC)
                            .setPartitionIndexes(new ArrayList<>(List.of(0)))))));
            var partition = r.data().topics().get(0).partitions().get(0);
            assertThat(Errors.forCode(partition.errorCode())).isEqualTo(Errors.NONE);
            assertThat(partition.activeProducers()).as("the fixture's idempotent producer").isNotEmpty();
        });
        steps.put(ApiKeys.DESCRIBE_TRANSACTIONS, (c, v) -> {
            Txn t = init(c, f.max(ApiKeys.INIT_PRODUCER_ID), "conf-dtx-" + v);
            addPartition(c, f.max(ApiKeys.ADD_PARTITIONS_TO_TXN), t);
            DescribeTransactionsResponse r = c.call(ApiKeys.DESCRIBE_TRANSACTIONS, v,
                    new DescribeTransactionsRequestData().setTransactionalIds(new ArrayList<>(List.of(t.id()))));
            var state = r.data().transactionStates().get(0);
            assertThat(Errors.forCode(state.errorCode())).isEqualTo(Errors.NONE);
            assertThat(state.transactionState()).isEqualTo("Ongoing");
            assertThat(state.producerId()).isEqualTo(t.producerId());
            assertThat(state.topics().find(TOPIC).partitions()).containsExactly(0);
            end(c, f.max(ApiKeys.END_TXN), t, false);
        });
        steps.put(ApiKeys.LIST_TRANSACTIONS, (c, v) -> {
            Txn t = init(c, f.max(ApiKeys.INIT_PRODUCER_ID), "conf-ltx-" + v);
            addPartition(c, f.max(ApiKeys.ADD_PARTITIONS_TO_TXN), t);
            ListTransactionsRequestData all = new ListTransactionsRequestData()
                    .setStateFilters(new ArrayList<>(List.of("Ongoing", "NoSuchState")))
                    .setProducerIdFilters(new ArrayList<>(List.of(t.producerId())));
            if (v >= 2) {
                all.setTransactionalIdPattern("conf-ltx-.*");
            }
            ListTransactionsResponse r = c.call(ApiKeys.LIST_TRANSACTIONS, v, all);
            assertThat(r.data().unknownStateFilters()).containsExactly("NoSuchState");
            assertThat(r.data().transactionStates()).singleElement().satisfies(s -> {
                assertThat(s.transactionalId()).isEqualTo(t.id());
                assertThat(s.transactionState()).isEqualTo("Ongoing");
            });
            if (v >= 1) {
                ListTransactionsResponse longer = c.call(ApiKeys.LIST_TRANSACTIONS, v, all.duplicate()
                        .setDurationFilter(3_600_000));
                assertThat(longer.data().transactionStates()).as("open for less than an hour").isEmpty();
            }
            end(c, f.max(ApiKeys.END_TXN), t, false);
        });
    }

    private static Txn init(VersionedClient c, short v, String transactionalId) throws Exception {
        InitProducerIdResponse r = c.call(ApiKeys.INIT_PRODUCER_ID, v, new InitProducerIdRequestData()
                .setTransactionalId(transactionalId).setTransactionTimeoutMs(60_000));
        assertThat(Errors.forCode(r.data().errorCode())).isEqualTo(Errors.NONE);
        assertThat(r.data().producerId()).isNotNegative();
        return new Txn(transactionalId, r.data().producerId(), r.data().producerEpoch());
    }

    private static void addPartition(VersionedClient c, short v, Txn t) throws Exception {
        if (v >= 4) {
            AdminApiCalls.assertNoErrors(brokerAdd(c, v, t, TOPIC, false).errorCounts());
            return;
        }
        AddPartitionsToTxnRequestData.AddPartitionsToTxnTopicCollection topics =
                new AddPartitionsToTxnRequestData.AddPartitionsToTxnTopicCollection();
        topics.add(new AddPartitionsToTxnRequestData.AddPartitionsToTxnTopic().setName(TOPIC)
                .setPartitions(new ArrayList<>(List.of(0))));
        AddPartitionsToTxnRequestData d = new AddPartitionsToTxnRequestData().setV3AndBelowTransactionalId(t.id())
                .setV3AndBelowProducerId(t.producerId()).setV3AndBelowProducerEpoch(t.epoch())
                .setV3AndBelowTopics(topics);
        AdminApiCalls.assertNoErrors(c.call(ApiKeys.ADD_PARTITIONS_TO_TXN, v, d).errorCounts());
    }

    /** AddPartitionsToTxn v4+ as a partition leader sends it (KIP-890): partition 0 of {@code topic}. */
    private static AddPartitionsToTxnResponse brokerAdd(VersionedClient c, short v, Txn t, String topic,
                                                        boolean verifyOnly) throws Exception {
        AddPartitionsToTxnRequestData.AddPartitionsToTxnTopicCollection topics =
                new AddPartitionsToTxnRequestData.AddPartitionsToTxnTopicCollection();
        topics.add(new AddPartitionsToTxnRequestData.AddPartitionsToTxnTopic().setName(topic)
                .setPartitions(new ArrayList<>(List.of(0))));
        AddPartitionsToTxnRequestData.AddPartitionsToTxnTransactionCollection txns =
                new AddPartitionsToTxnRequestData.AddPartitionsToTxnTransactionCollection();
        txns.add(new AddPartitionsToTxnRequestData.AddPartitionsToTxnTransaction().setTransactionalId(t.id())
                .setProducerId(t.producerId()).setProducerEpoch(t.epoch()).setVerifyOnly(verifyOnly)
                .setTopics(topics));
        return c.call(ApiKeys.ADD_PARTITIONS_TO_TXN, v, new AddPartitionsToTxnRequestData().setTransactions(txns));
    }

    private static void addOffsets(VersionedClient c, short v, Txn t, String group) throws Exception {
        AdminApiCalls.assertNoErrors(c.call(ApiKeys.ADD_OFFSETS_TO_TXN, v, new AddOffsetsToTxnRequestData()
                .setTransactionalId(t.id()).setProducerId(t.producerId()).setProducerEpoch(t.epoch())
                .setGroupId(group)).errorCounts());
    }

    private static void end(VersionedClient c, short v, Txn t, boolean commit) throws Exception {
        AdminApiCalls.assertNoErrors(c.call(ApiKeys.END_TXN, v, new EndTxnRequestData().setTransactionalId(t.id())
                .setProducerId(t.producerId()).setProducerEpoch(t.epoch()).setCommitted(commit)).errorCounts());
    }
}

package io.ferry.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ferry.broker.client.BrokerChannel;
import io.ferry.broker.partition.Partition;

/**
 * KIP-890 server-side verification on one node: a transactional batch to a partition its transaction does not
 * include is refused with INVALID_TXN_STATE at every Produce version, so no open transaction the coordinator does
 * not know can hold the last stable offset; after AddPartitionsToTxn the same batch is accepted.
 */
class TxnVerificationTest {

    @TempDir
    static Path dir;
    static TestBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.start(dir);
        try (var admin = broker.admin()) {
            admin.createTopics(List.of(new NewTopic("verified", 1, (short) 1))).all().get();
        }
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void aPartitionNotInTheTransactionIsRefusedAndTheLsoDoesNotFreeze() throws Exception {
        TopicPartition tp = new TopicPartition("verified", 0);
        Partition partition = broker.server().partitions().partition(tp).orElseThrow();
        try (BrokerChannel channel = new BrokerChannel("test", "127.0.0.1", broker.port(), 30_000)) {
            for (short version : new short[] {3, 9, 11, 12}) {
                RawTxn txn = RawTxn.init(channel, "unadded-" + version);
                assertThat(txn.produce(channel, version, tp, 0)).as("Produce v%d", version)
                        .isEqualTo(Errors.INVALID_TXN_STATE);
                assertThat(partition.log().logEndOffset()).as("nothing written").isZero();
                assertThat(partition.lastStableOffset()).isZero();
            }
            RawTxn txn = RawTxn.init(channel, "added");
            assertThat(txn.addPartition(channel, tp)).isEqualTo(Errors.NONE);
            assertThat(txn.produce(channel, (short) 11, tp, 0)).isEqualTo(Errors.NONE);
            assertThat(txn.produce(channel, (short) 11, tp, 1)).as("the open transaction needs no new check")
                    .isEqualTo(Errors.NONE);
            assertThat(partition.lastStableOffset()).isZero();
            assertThat(txn.end(channel, true)).isEqualTo(Errors.NONE);
            assertThat(partition.lastStableOffset()).isEqualTo(3);

            assertThat(txn.produce(channel, (short) 11, tp, 2)).as("after the commit the partition must be added again")
                    .isEqualTo(Errors.INVALID_TXN_STATE);
            assertThat(partition.lastStableOffset()).isEqualTo(partition.log().logEndOffset());
        }
    }

    @Test
    void aProducerTheCoordinatorDoesNotKnowIsRefused() throws Exception {
        TopicPartition tp = new TopicPartition("verified", 0);
        try (BrokerChannel channel = new BrokerChannel("test", "127.0.0.1", broker.port(), 30_000)) {
            RawTxn stranger = new RawTxn("never-initialised", 99_999, (short) 0);
            assertThat(stranger.produce(channel, (short) 11, tp, 0)).isEqualTo(Errors.INVALID_PRODUCER_ID_MAPPING);
            Partition partition = broker.server().partitions().partition(tp).orElseThrow();
            assertThat(partition.lastStableOffset()).isEqualTo(partition.log().logEndOffset());
        }
    }
}

package io.ferry.broker.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ferry.broker.partition.Partition;

/**
 * A follower whose replica directory was removed, or whose segment was cut in the middle of a batch, while it was
 * stopped rebuilds the replica from the leader when it starts: its log end offset and records converge with the
 * leader's and it rejoins the ISR.
 */
class ReplicaRebuildTest {

    private static final String TOPIC = "rebuild";
    private static final TopicPartition TP = new TopicPartition(TOPIC, 0);

    @TempDir
    Path root;

    private TestCluster cluster;

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void deletedReplicaDirectoryIsRebuilt() throws Exception {
        damageFollowerAndRestart(dir -> deleteTree(dir));
    }

    @Test
    void segmentCutMidBatchIsRepairedAndRefilled() throws Exception {
        damageFollowerAndRestart(dir -> {
            Path segment;
            try (Stream<Path> files = Files.list(dir)) {
                segment = files.filter(f -> f.getFileName().toString().endsWith(".log"))
                        .max(Comparator.naturalOrder()).orElseThrow();
            }
            try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
                // Cuts into the last batch (each batch here is well over 20 bytes).
                ch.truncate(ch.size() - 20);
            }
        });
    }

    private interface Damage {
        void apply(Path replicaDir) throws IOException;
    }

    private void damageFollowerAndRestart(Damage damage) throws Exception {
        cluster = TestCluster.start(root, 3, Map.of("auto.leader.rebalance.enable", "false"));
        try (Admin admin = cluster.admin()) {
            admin.createTopics(List.of(new NewTopic(TOPIC, Map.of(0, List.of(1, 2, 3))))).all().get();
        }
        produce(0, 20);
        await().atMost(TestCluster.timeout()).until(() -> logEnd(2) == 20 && logEnd(3) == 20);
        cluster.stopBroker(2);
        damage.apply(root.resolve("broker-2").resolve(TOPIC + "-0"));
        produce(20, 10);
        cluster.startBroker(2);

        await().atMost(TestCluster.timeout()).until(() -> logEnd(2) == 30 && cluster.state(TP).isr().size() == 3);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            expected.add("v" + i);
        }
        for (int id = 1; id <= 3; id++) {
            assertThat(values(cluster.replica(id, TP))).as("broker %d", id).isEqualTo(expected);
        }
    }

    /** One batch per record (each send is awaited). */
    private void produce(int from, int count) throws Exception {
        try (KafkaProducer<String, String> producer = cluster.producer(Map.of(ProducerConfig.ACKS_CONFIG, "all"))) {
            for (int i = from; i < from + count; i++) {
                producer.send(new ProducerRecord<>(TOPIC, 0, "k" + i, "v" + i)).get();
            }
        }
    }

    private long logEnd(int broker) {
        Partition p = cluster.broker(broker) == null ? null : cluster.replica(broker, TP);
        return p == null ? -1 : p.log().logEndOffset();
    }

    private static List<String> values(Partition replica) throws Exception {
        List<String> out = new ArrayList<>();
        for (RecordBatch batch : replica.log().batchesFrom(replica.log().logStartOffset())) {
            for (Record r : batch) {
                out.add(Utils.utf8(r.value()));
            }
        }
        return out;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}

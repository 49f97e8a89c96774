package io.ferry.broker.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Leadership leaves broker 3 and comes back without a record written in between: broker 1 led an epoch it wrote
 * nothing in, broker 3 never saw it. The followers must still follow broker 3 at once (acks=all produce succeeds
 * and every log end converges), not loop on a divergence over the empty epoch until they leave the ISR.
 */
class IdleLeadershipReturnTest {

    private static final TopicPartition TP = new TopicPartition("idle", 0);

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
    void followersFollowTheReturningLeaderAtOnce() throws Exception {
        cluster = TestCluster.start(root, 3, Map.of("auto.leader.rebalance.enable", "false"));
        try (Admin admin = cluster.admin()) {
            admin.createTopics(List.of(new NewTopic(TP.topic(), Map.of(0, List.of(3, 1, 2))))).all().get();
            produce("a");
            await().atMost(TestCluster.timeout()).until(() -> logEnds(1));
            cluster.stopBroker(3);
            await().atMost(TestCluster.timeout()).until(() -> cluster.state(TP).leader() == 1);
            cluster.startBroker(3);
            await().atMost(TestCluster.timeout()).until(() -> cluster.state(TP).isr().size() == 3);
            admin.electLeaders(ElectionType.PREFERRED, Set.of(TP)).all().get();
            await().atMost(TestCluster.timeout()).until(() -> cluster.state(TP).leader() == 3);

            // Well within replica.lag.time.max.ms (30 s): the followers must be fetching, not stuck.
            long started = System.nanoTime();
            produce("b");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
            await().atMost(Duration.ofSeconds(10)).until(() -> logEnds(2));
            assertThat(cluster.state(TP).isr()).hasSize(3);
        }
    }

    private void produce(String value) throws Exception {
        try (KafkaProducer<String, String> producer = cluster.producer(Map.of(ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000))) {
            producer.send(new ProducerRecord<>(TP.topic(), 0, "k", value)).get();
        }
    }

    private boolean logEnds(long offset) {
        for (int id : cluster.running()) {
            var replica = cluster.replica(id, TP);
            if (replica == null || replica.log().logEndOffset() != offset) {
                return false;
            }
        }
        return true;
    }
}

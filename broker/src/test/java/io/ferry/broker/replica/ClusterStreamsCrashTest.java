package io.ferry.broker.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams with exactly_once_v2 on three broker processes while brokers die for real (SIGKILL): first the
 * leader of an output partition, then the coordinator of the application's group (which also holds its transactional
 * offsets). Each broker restarts on its data. Every input record is copied to the output exactly once and the
 * application never leaves RUNNING/REBALANCING.
 */
class ClusterStreamsCrashTest {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterStreamsCrashTest.class);
    private static final String APP = "eos-crash";
    private static final int PER_ROUND = 300;

    @TempDir
    Path state;

    @Test
    void exactlyOnceOutputAcrossAKilledOutputLeaderAndAKilledGroupCoordinator() throws Exception {
        try (ProcessCluster cluster = ProcessCluster.start("ClusterStreamsCrashTest", 3, Map.of());
             Admin admin = cluster.admin()) {
            cluster.createTopic(admin, "crash-in", 3, Map.of("min.insync.replicas", "2"));
            cluster.createTopic(admin, "crash-out", 3, Map.of("min.insync.replicas", "2"));
            KafkaStreams streams = startStreams(cluster);
            try {
                produce(cluster, 0, PER_ROUND);
                awaitOutput(cluster, PER_ROUND);

                int outputLeader = ProcessCluster.leader(admin, new TopicPartition("crash-out", 0));
                bounce(cluster, admin, outputLeader, "leader of crash-out-0", PER_ROUND, 2 * PER_ROUND);

                int coordinator = admin.describeConsumerGroups(List.of(APP)).all().get().get(APP).coordinator().id();
                bounce(cluster, admin, coordinator, "coordinator of group " + APP, 2 * PER_ROUND, 3 * PER_ROUND);

                List<String> read = readCommittedToTheEnd(cluster, 3 * PER_ROUND);
                assertThat(streams.state()).isIn(KafkaStreams.State.RUNNING, KafkaStreams.State.REBALANCING);
                assertThat(read).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(
                        IntStream.range(0, 3 * PER_ROUND).mapToObj(i -> "V" + i).toList());
            } finally {
                if (!streams.close(Duration.ofSeconds(60))) {
                    LOG.warn("Kafka Streams did not close in 60 s");
                }
            }
        }
    }

    /** Kills a broker while input keeps arriving, restarts it, and waits until it is back in every ISR. */
    private void bounce(ProcessCluster cluster, Admin admin, int victim, String role, int from, int to)
            throws Exception {
        LOG.info("Killing broker {}, the {}", victim, role);
        cluster.broker(victim).kill();
        produce(cluster, from, to);
        cluster.broker(victim).start();
        cluster.awaitPartitions(admin, "crash-out", "broker " + victim + " back in the ISR",
                p -> ProcessCluster.ids(p.isr()).contains(victim));
    }

    private KafkaStreams startStreams(ProcessCluster cluster) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("crash-in", Consumed.with(Serdes.String(), Serdes.String()))
                .mapValues(v -> v.toUpperCase())
                .to("crash-out", Produced.with(Serdes.String(), Serdes.String()));
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, APP);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrap());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, "3");
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        KafkaStreams streams = new KafkaStreams(builder.build(), p);
        streams.start();
        return streams;
    }

    /** Idempotent acks=all input; a broker may be down meanwhile, the producer retries by itself. */
    private static void produce(ProcessCluster cluster, int from, int to) throws Exception {
        try (KafkaProducer<String, String> producer = cluster.producer(Map.of(ProducerConfig.ACKS_CONFIG, "all"))) {
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
            for (int i = from; i < to; i++) {
                sent.add(producer.send(new ProducerRecord<>("crash-in", "k" + i, "v" + i)));
            }
            for (java.util.concurrent.Future<?> f : sent) {
                f.get();
            }
        }
    }

    private static void awaitOutput(ProcessCluster cluster, int atLeast) {
        readCommittedToTheEnd(cluster, atLeast);
    }

    /**
     * Reads the output with read_committed until at least {@code atLeast} values arrived and no transaction is open
     * on any partition (the committed end equals the log end), so late duplicates would be seen too.
     */
    private static List<String> readCommittedToTheEnd(ProcessCluster cluster, int atLeast) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> committed = consumer(cluster, "read_committed");
             KafkaConsumer<String, String> uncommitted = consumer(cluster, "read_uncommitted")) {
            List<TopicPartition> parts = IntStream.range(0, 3).mapToObj(i -> new TopicPartition("crash-out", i))
                    .toList();
            committed.assign(parts);
            committed.seekToBeginning(parts);
            await("values read from crash-out").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(1))
                    .ignoreExceptions().untilAsserted(() -> {
                        for (ConsumerRecord<String, String> r : committed.poll(Duration.ofMillis(100))) {
                            values.add(r.value());
                        }
                        assertThat(values).hasSizeGreaterThanOrEqualTo(atLeast);
                        Map<TopicPartition, Long> ends = uncommitted.endOffsets(parts);
                        for (TopicPartition tp : parts) {
                            assertThat(committed.position(tp)).as("read_committed position of %s", tp)
                                    .isEqualTo(ends.get(tp));
                        }
                    });
        }
        return values;
    }

    private static KafkaConsumer<String, String> consumer(ProcessCluster cluster, String isolation) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrap());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        return new KafkaConsumer<>(p);
    }
}

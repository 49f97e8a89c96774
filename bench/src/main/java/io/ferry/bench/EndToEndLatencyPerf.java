package io.ferry.bench;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * End-to-end latency, produce to consume, through a consumer group.
 *
 * <p>Kafka's {@code EndToEndLatency} (kafka-tools 4.3.1) is close, but it {@code assign()}s the partitions
 * (no consumer group), fetches with {@code fetch.max.wait.ms=0} (the consumer spins on empty fetches instead
 * of waiting in the broker for data), times {@code send().get()} + {@code poll()} (so the acknowledgement's
 * round trip is in the figure) and prints its percentiles in whole milliseconds, truncated: on a local broker
 * that is 0 or 1 for everything below p99.
 *
 * <p>This tool, run against both brokers alike: a consumer in a fresh group {@code subscribe()}s to TOPIC
 * (default consumer settings: {@code fetch.min.bytes=1}, {@code fetch.max.wait.ms=500}, i.e. the broker holds
 * the fetch until data arrives) and waits for its assignment; then one record at a time, a producer
 * ({@code acks} as given, {@code linger.ms=0}) sends a record of RECORD_SIZE bytes carrying its sequence number
 * and {@code System.nanoTime()} at send, to partition {@code i % partitions}, and the same thread polls until
 * that record arrives. The latency of a record is receive time minus the send time in its value (one JVM, so
 * one clock); the next record is sent once this one was received and acknowledged. The first WARMUP records
 * (client JIT, connections, fetch sessions) are not counted. It also reports the acknowledgement latency
 * (send to the producer's callback) and the time the group join took.
 *
 * <p>Usage: {@code EndToEndLatencyPerf BOOTSTRAP TOPIC NUM_RECORDS RECORD_SIZE [ACKS [WARMUP]]} (ACKS default
 * all, WARMUP default 1000). Last line: {@code RESULT records=N p50_ms=.. p99_ms=.. p999_ms=.. avg_ms=..
 * max_ms=.. ack_p50_ms=.. ack_p99_ms=.. join_ms=..}.
 */
public final class EndToEndLatencyPerf {
    private static final long RECEIVE_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(30);
    private static final long JOIN_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(60);

    public static void main(String[] args) throws Exception {
        if (args.length < 4 || args.length > 6) {
            System.err.println("usage: EndToEndLatencyPerf BOOTSTRAP TOPIC NUM_RECORDS RECORD_SIZE [ACKS [WARMUP]]");
            System.exit(2);
        }
        String bootstrap = args[0];
        String topic = args[1];
        int measured = Integer.parseInt(args[2]);
        int recordSize = Integer.parseInt(args[3]);
        String acks = args.length > 4 ? args[4] : "all";
        int warmup = args.length > 5 ? Integer.parseInt(args[5]) : 1000;
        if (recordSize < 16 || measured < 1 || warmup < 0) {
            System.err.println("RECORD_SIZE must be >= 16 (sequence number + send time), NUM_RECORDS >= 1, WARMUP >= 0");
            System.exit(2);
        }

        Properties cp = new Properties();
        cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        cp.put(ConsumerConfig.GROUP_ID_CONFIG, "e2e-latency-" + System.currentTimeMillis());
        cp.put(ConsumerConfig.CLIENT_ID_CONFIG, "e2e-latency-consumer");
        cp.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        cp.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        cp.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());

        Properties pp = new Properties();
        pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        pp.put(ProducerConfig.CLIENT_ID_CONFIG, "e2e-latency-producer");
        pp.put(ProducerConfig.ACKS_CONFIG, acks);
        pp.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        pp.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        pp.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());

        int total = warmup + measured;
        long[] latencies = new long[measured];
        long[] ackLatencies = new long[measured];
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(cp);
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(pp)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .collect(Collectors.toList());
            if (partitions.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " has no partitions");
            }

            // Join the group and wait until this (only) member owns every partition.
            long joinStart = System.nanoTime();
            consumer.subscribe(List.of(topic));
            while (!consumer.assignment().containsAll(partitions)) {
                ConsumerRecords<byte[], byte[]> early = consumer.poll(Duration.ofMillis(100));
                if (!early.isEmpty()) {
                    throw new IllegalStateException("topic " + topic + " is not empty: use a fresh topic");
                }
                if (System.nanoTime() - joinStart > JOIN_TIMEOUT_NS) {
                    throw new IllegalStateException("no assignment of all " + partitions.size()
                            + " partitions within 60 s; have " + consumer.assignment());
                }
            }
            for (TopicPartition tp : partitions) {
                consumer.position(tp); // resolve "latest" now, before anything is produced
            }
            long joinMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - joinStart);
            System.out.printf("Joined group %s, assigned %d partitions of %s in %d ms; sending %d + %d warm-up records "
                    + "of %d bytes, acks=%s, one at a time%n", cp.get(ConsumerConfig.GROUP_ID_CONFIG),
                    partitions.size(), topic, joinMs, measured, warmup, recordSize, acks);

            AtomicLong ackedAt = new AtomicLong();
            long receivedTotal = 0;
            for (int i = 0; i < total; i++) {
                byte[] value = new byte[recordSize];
                Arrays.fill(value, (byte) ('A' + i % 26));
                ByteBuffer header = ByteBuffer.wrap(value);
                header.putLong(i);
                ackedAt.set(0);
                long sentAt = System.nanoTime();
                header.putLong(sentAt);
                producer.send(new ProducerRecord<>(topic, i % partitions.size(), null, value), (md, e) -> {
                    if (e == null) {
                        ackedAt.set(System.nanoTime());
                    } else {
                        ackedAt.set(-1);
                        System.out.println("ERROR: send " + e);
                    }
                });

                long receivedAt = 0;
                while (receivedAt == 0) {
                    ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                    long now = System.nanoTime();
                    for (ConsumerRecord<byte[], byte[]> r : records) {
                        receivedTotal++;
                        ByteBuffer v = ByteBuffer.wrap(r.value());
                        long seq = v.getLong();
                        long sent = v.getLong();
                        if (seq != i || r.value().length != recordSize) {
                            throw new IllegalStateException("expected record " + i + " of " + recordSize
                                    + " bytes, got record " + seq + " of " + r.value().length + " bytes from " + r.topic()
                                    + "-" + r.partition() + "@" + r.offset());
                        }
                        if (sent != sentAt) {
                            throw new IllegalStateException("record " + i + " carries another send time");
                        }
                        receivedAt = now;
                    }
                    if (receivedAt == 0 && now - sentAt > RECEIVE_TIMEOUT_NS) {
                        throw new IllegalStateException("record " + i + " not received within 30 s");
                    }
                }
                // One record in flight at a time: wait for the acknowledgement too (normally there already).
                long waitStart = System.nanoTime();
                while (ackedAt.get() == 0) {
                    if (System.nanoTime() - waitStart > RECEIVE_TIMEOUT_NS) {
                        throw new IllegalStateException("record " + i + " not acknowledged within 30 s");
                    }
                    Thread.onSpinWait();
                }
                if (ackedAt.get() < 0) {
                    throw new IllegalStateException("record " + i + " failed");
                }
                if (i >= warmup) {
                    latencies[i - warmup] = receivedAt - sentAt;
                    ackLatencies[i - warmup] = ackedAt.get() - sentAt;
                }
                if (i > 0 && i % 5000 == 0) {
                    System.out.printf("%d records, last %.3f ms%n", i, (receivedAt - sentAt) / 1e6);
                }
            }
            if (receivedTotal != total) {
                throw new IllegalStateException("received " + receivedTotal + " records for " + total + " sent");
            }

            double avg = Arrays.stream(latencies).average().orElse(0) / 1e6;
            Arrays.sort(latencies);
            Arrays.sort(ackLatencies);
            System.out.printf("%d records (after %d warm-up), end-to-end latency: avg %.3f ms, p50 %.3f ms, p99 %.3f ms, "
                    + "p99.9 %.3f ms, max %.3f ms; acknowledged after p50 %.3f ms, p99 %.3f ms%n",
                    measured, warmup, avg, pct(latencies, 50), pct(latencies, 99), pct(latencies, 99.9),
                    latencies[measured - 1] / 1e6, pct(ackLatencies, 50), pct(ackLatencies, 99));
            System.out.printf("RESULT records=%d p50_ms=%.3f p99_ms=%.3f p999_ms=%.3f avg_ms=%.3f max_ms=%.3f "
                    + "ack_p50_ms=%.3f ack_p99_ms=%.3f join_ms=%d%n",
                    measured, pct(latencies, 50), pct(latencies, 99), pct(latencies, 99.9), avg,
                    latencies[measured - 1] / 1e6, pct(ackLatencies, 50), pct(ackLatencies, 99), joinMs);
        }
    }

    /** Nearest-rank percentile of sorted nanoseconds, in milliseconds. */
    private static double pct(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)] / 1e6;
    }
}

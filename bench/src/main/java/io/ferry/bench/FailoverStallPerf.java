package io.ferry.bench;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The acknowledgement stall a producer sees when a partition leader dies, and whether every acknowledged record
 * survives it. It kills nothing itself: bench/cluster/cluster-bench.sh kills the leader of partition 0 (kill -9)
 * while this runs, and writes the kill's wall-clock time (epoch ms) to KILL_FILE.
 *
 * <p>A producer ({@code acks=all}, {@code enable.idempotence=true}, {@code delivery.timeout.ms=120000}, otherwise
 * the defaults) sends RATE records per second for SECONDS seconds, record i to partition {@code i % partitions},
 * each carrying its sequence number. Every acknowledgement's time is recorded ({@code System.nanoTime()} in the
 * callback). Figures:
 * <ul>
 * <li>{@code stall_ms}: the longest gap between consecutive acknowledgements of one partition, over all partitions
 *     (the partition it happened on: {@code stall_partition}); {@code p0_stall_ms}: the same on partition 0 alone;
 * <li>{@code all_stall_ms}: the longest gap in the stream of all acknowledgements together;
 * <li>{@code kill_to_p0_ack_ms}: from the kill (KILL_FILE) to partition 0's first acknowledgement after it;
 * <li>after the run, a consumer {@code assign()}s every partition and reads from the beginning to the end
 *     offsets: {@code lost} = acknowledged records not read back (must be 0), {@code duplicates} = records read
 *     more than once (idempotence should make it 0), {@code unacked_read} = read but never acknowledged
 *     (allowed: failed sends may have been written).
 * </ul>
 * Prints {@code STEADY} once the first acknowledgement arrived, then at the end a line {@code RESULT key=value ...}.
 *
 * <p>Usage: {@code FailoverStallPerf BOOTSTRAP TOPIC RATE SECONDS [RECORD_SIZE [KILL_FILE]]} (RECORD_SIZE default
 * 100, at least 16).
 */
public final class FailoverStallPerf {
    private static final long READ_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(90);

    // Written by the producer's I/O thread (callbacks), read by main after close().
    private static long[] ackNanos;
    private static long[] ackMillis;
    private static int acked;
    private static int failed;
    private static final List<String> errors = new ArrayList<>();
    private static volatile boolean steady;

    public static void main(String[] args) throws Exception {
        if (args.length < 4 || args.length > 6) {
            System.err.println("usage: FailoverStallPerf BOOTSTRAP TOPIC RATE SECONDS [RECORD_SIZE [KILL_FILE]]");
            System.exit(2);
        }
        String bootstrap = args[0];
        String topic = args[1];
        int rate = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        int recordSize = args.length > 4 ? Integer.parseInt(args[4]) : 100;
        Path killFile = args.length > 5 ? Path.of(args[5]) : null;
        if (rate < 1 || seconds < 1 || recordSize < 16) {
            System.err.println("RATE and SECONDS must be positive, RECORD_SIZE at least 16");
            System.exit(2);
        }
        int total = Math.multiplyExact(rate, seconds);
        ackNanos = new long[total];
        ackMillis = new long[total];

        Properties pp = new Properties();
        pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        pp.put(ProducerConfig.ACKS_CONFIG, "all");
        pp.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        pp.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        pp.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        pp.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        int partitions;
        long start = System.nanoTime();
        long lateSends = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(pp)) {
            partitions = producer.partitionsFor(topic).size();
            for (int i = 0; i < total; i++) {
                long due = start + (long) i * 1_000_000_000L / rate;
                long now = System.nanoTime();
                if (due > now) {
                    TimeUnit.NANOSECONDS.sleep(due - now);
                } else if (now - due > 100_000_000L) {
                    lateSends++;
                }
                byte[] value = new byte[recordSize];
                ByteBuffer.wrap(value).putLong(i).putLong(System.nanoTime());
                final int seq = i;
                producer.send(new ProducerRecord<>(topic, i % partitions, null, value), (md, e) -> {
                    long t = System.nanoTime();
                    long w = System.currentTimeMillis();
                    synchronized (FailoverStallPerf.class) {
                        if (e == null) {
                            ackNanos[seq] = t;
                            ackMillis[seq] = w;
                            acked++;
                            if (!steady) {
                                steady = true;
                                System.out.println("STEADY");
                                System.out.flush();
                            }
                        } else {
                            failed++;
                            if (errors.size() < 5) {
                                errors.add("record " + seq + ": " + e);
                            }
                        }
                    }
                });
            }
            producer.flush();
        }
        double sendSeconds = (System.nanoTime() - start) / 1e9;

        // Gaps between consecutive acknowledgements, per partition (callbacks of one partition come in order,
        // but compare by time anyway) and over all.
        long killMillis = -1;
        if (killFile != null && Files.exists(killFile)) {
            killMillis = Long.parseLong(Files.readString(killFile).trim());
        }
        long[] lastAck = new long[partitions];
        long[] maxGap = new long[partitions];
        long[] gapStartMillis = new long[partitions];
        long[] firstAfterKill = new long[partitions];
        java.util.Arrays.fill(lastAck, -1);
        java.util.Arrays.fill(firstAfterKill, -1);
        List<long[]> all = new ArrayList<>(); // {nanos, millis}
        for (int i = 0; i < total; i++) {
            if (ackNanos[i] == 0) {
                continue;
            }
            all.add(new long[] {ackNanos[i], ackMillis[i]});
        }
        // per partition, in ack-time order
        for (int p = 0; p < partitions; p++) {
            List<long[]> acks = new ArrayList<>();
            for (int i = p; i < total; i += partitions) {
                if (ackNanos[i] != 0) {
                    acks.add(new long[] {ackNanos[i], ackMillis[i]});
                }
            }
            acks.sort((a, b) -> Long.compare(a[0], b[0]));
            for (long[] a : acks) {
                if (lastAck[p] >= 0 && a[0] - lastAck[p] > maxGap[p]) {
                    maxGap[p] = a[0] - lastAck[p];
                    gapStartMillis[p] = a[1] - TimeUnit.NANOSECONDS.toMillis(maxGap[p]);
                }
                lastAck[p] = a[0];
                if (killMillis > 0 && firstAfterKill[p] < 0 && a[1] >= killMillis) {
                    firstAfterKill[p] = a[1] - killMillis;
                }
            }
        }
        all.sort((a, b) -> Long.compare(a[0], b[0]));
        long allGap = 0;
        for (int i = 1; i < all.size(); i++) {
            allGap = Math.max(allGap, all.get(i)[0] - all.get(i - 1)[0]);
        }
        int stallPartition = 0;
        for (int p = 1; p < partitions; p++) {
            if (maxGap[p] > maxGap[stallPartition]) {
                stallPartition = p;
            }
        }
        for (int p = 0; p < partitions; p++) {
            System.out.printf("PARTITION %d longest_gap_ms=%.1f gap_began=%s first_ack_after_kill_ms=%d%n", p,
                    maxGap[p] / 1e6, maxGap[p] > 0 ? Instant.ofEpochMilli(gapStartMillis[p]) : "-", firstAfterKill[p]);
        }
        for (String e : errors) {
            System.out.println("SEND_ERROR " + e);
        }

        // Read everything back.
        Properties cp = new Properties();
        cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        cp.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        cp.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        cp.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        BitSet read = new BitSet(total);
        long duplicates = 0;
        long readCount = 0;
        boolean complete = false;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(cp)) {
            List<TopicPartition> tps = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                tps.add(new TopicPartition(topic, p));
            }
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            Map<TopicPartition, Long> end = consumer.endOffsets(tps, Duration.ofSeconds(60));
            long deadline = System.nanoTime() + READ_TIMEOUT_NS;
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    readCount++;
                    int seq = (int) ByteBuffer.wrap(r.value()).getLong();
                    if (seq >= 0 && seq < total) {
                        if (read.get(seq)) {
                            duplicates++;
                        }
                        read.set(seq);
                    }
                }
                boolean done = true;
                for (TopicPartition tp : tps) {
                    done &= consumer.position(tp) >= end.get(tp);
                }
                if (done) {
                    complete = true;
                    break;
                }
            }
            System.out.println("END_OFFSETS " + end);
        }
        long lost = 0;
        long unackedRead = 0;
        int firstLost = -1;
        for (int i = 0; i < total; i++) {
            boolean wasAcked = ackNanos[i] != 0;
            if (wasAcked && !read.get(i)) {
                lost++;
                if (firstLost < 0) {
                    firstLost = i;
                }
            }
            if (!wasAcked && read.get(i)) {
                unackedRead++;
            }
        }
        System.out.printf("RESULT sent=%d acked=%d failed=%d send_seconds=%.1f late_sends=%d stall_ms=%.1f"
                        + " stall_partition=%d p0_stall_ms=%.1f all_stall_ms=%.1f kill_to_p0_ack_ms=%d read=%d"
                        + " read_complete=%s lost=%d first_lost_seq=%d duplicates=%d unacked_read=%d%n",
                total, acked, failed, sendSeconds, lateSends, maxGap[stallPartition] / 1e6, stallPartition,
                maxGap[0] / 1e6, allGap / 1e6, firstAfterKill[0], readCount, complete, lost, firstLost, duplicates,
                unackedRead);
    }

    private FailoverStallPerf() {}
}

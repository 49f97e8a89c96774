package io.ferry.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Consume throughput without a consumer group.
 *
 * <p>Kafka's own {@code ConsumerPerformance} uses {@code subscribe()}, i.e. the group protocol
 * (FindCoordinator, JoinGroup, SyncGroup, Heartbeat, OffsetCommit). This tool measures the fetch path
 * only: it {@code assign()}s every partition of the topic, seeks to the beginning and polls until it
 * has read the requested number of records. It uses the same consumer settings as
 * {@code ConsumerPerformance} (ByteArrayDeserializer, check.crcs=false, receive.buffer.bytes=2 MiB,
 * max.partition.fetch.bytes=1 MiB, poll(100 ms)) and reports MB (= 1,048,576 bytes of keys + values)
 * the same way. The harness runs this same tool against both brokers.
 *
 * <p>Usage: {@code AssignConsumerPerf BOOTSTRAP TOPIC NUM_RECORDS [TIMEOUT_MS]} (timeout between
 * records, default 10000 like ConsumerPerformance). Last line:
 * {@code RESULT records=N bytes=N seconds=S mb_per_sec=X records_per_sec=Y}.
 */
public final class AssignConsumerPerf {
    public static void main(String[] args) {
        if (args.length < 3 || args.length > 4) {
            System.err.println("usage: AssignConsumerPerf BOOTSTRAP TOPIC NUM_RECORDS [TIMEOUT_MS]");
            System.exit(2);
        }
        String bootstrap = args[0];
        String topic = args[1];
        long wanted = Long.parseLong(args[2]);
        long timeoutMs = args.length == 4 ? Long.parseLong(args[3]) : 10_000L;

        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "perf-consumer-client");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.CHECK_CRCS_CONFIG, "false");
        props.put(ConsumerConfig.RECEIVE_BUFFER_CONFIG, Integer.toString(2 * 1024 * 1024));
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(1024 * 1024));
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"); // no group.id: nothing to commit

        long records = 0;
        long bytes = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(topic, p.partition()));
            }
            if (partitions.isEmpty()) {
                System.err.println("topic " + topic + " has no partitions");
                System.exit(1);
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            System.out.println("Consuming " + wanted + " records from " + partitions.size()
                    + " partitions of " + topic + " (assign, no group)");

            long start = System.nanoTime();
            long end = start;
            long lastRecordAt = start;
            while (records < wanted) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(100));
                long now = System.nanoTime();
                if (batch.isEmpty()) {
                    if (now - lastRecordAt > timeoutMs * 1_000_000L) {
                        System.out.printf("WARNING: no record for %d ms; stopping at %d of %d records%n",
                                timeoutMs, records, wanted);
                        break;
                    }
                    continue;
                }
                for (ConsumerRecord<byte[], byte[]> r : batch) {
                    records++;
                    if (r.key() != null) {
                        bytes += r.key().length;
                    }
                    if (r.value() != null) {
                        bytes += r.value().length;
                    }
                }
                lastRecordAt = now;
                end = now;
            }
            double seconds = (end - start) / 1e9;
            double mb = bytes / (1024.0 * 1024.0);
            System.out.printf("%d records, %.2f MB in %.3f s: %.2f MB/sec, %.1f records/sec%n",
                    records, mb, seconds, mb / seconds, records / seconds);
            System.out.printf("RESULT records=%d bytes=%d seconds=%.3f mb_per_sec=%.2f records_per_sec=%.1f%n",
                    records, bytes, seconds, mb / seconds, records / seconds);
            if (records < wanted) {
                System.exit(1);
            }
        }
    }
}

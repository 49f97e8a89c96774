package io.ferry.broker.replica;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka's VerifiableProducer in miniature: an idempotent acks=all producer sending unique values round-robin over a
 * topic's partitions from a background thread, at a bounded rate, recording every value whose send was acknowledged
 * (callback without exception) and every failure.
 */
public final class AckedWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AckedWriter.class);

    private final KafkaProducer<String, String> producer;
    private final String topic;
    private final int partitions;
    private final Set<String> acked = ConcurrentHashMap.newKeySet();
    private final Map<String, Exception> failed = new ConcurrentHashMap<>();
    private final AtomicInteger sent = new AtomicInteger();
    private final Thread thread;
    private volatile boolean running = true;

    public AckedWriter(ProcessCluster cluster, String topic, int partitions) {
        this(cluster, topic, partitions, 5000);
    }

    public AckedWriter(ProcessCluster cluster, String topic, int partitions, int requestTimeoutMs) {
        this.producer = cluster.producer(Map.of(ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, requestTimeoutMs,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000,
                ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 100,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000));
        this.topic = topic;
        this.partitions = partitions;
        this.thread = new Thread(this::run, "acked-writer-" + topic);
    }

    public AckedWriter start() {
        thread.start();
        return this;
    }

    private void run() {
        for (int i = 0; running; i++) {
            String value = topic + "-" + i;
            try {
                producer.send(new ProducerRecord<>(topic, i % partitions, null, value), (md, e) -> {
                    if (e == null) {
                        acked.add(value);
                    } else {
                        failed.put(value, e);
                    }
                });
                sent.incrementAndGet();
            } catch (RuntimeException e) {
                LOG.warn("send of {} threw", value, e);
                failed.put(value, e);
            }
            if (i % 10 == 9) {
                LockSupport.parkNanos(Duration.ofMillis(5).toNanos()); // pacing: about 2000 records a second
            }
        }
    }

    public int ackedCount() {
        return acked.size();
    }

    /** Stops sending, waits for every outstanding send to complete, and returns the acknowledged values. */
    public Set<String> stop() throws InterruptedException {
        running = false;
        thread.join();
        producer.flush();
        LOG.info("{}: sent {}, acknowledged {}, failed {}", topic, sent.get(), acked.size(), failed.size());
        return Set.copyOf(acked);
    }

    public Map<String, Exception> failed() {
        return Map.copyOf(failed);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join();
        producer.close(Duration.ofSeconds(5));
    }
}

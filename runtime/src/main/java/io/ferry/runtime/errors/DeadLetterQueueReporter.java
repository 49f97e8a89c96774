package io.ferry.runtime.errors;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code errors.deadletterqueue.topic.name}: a sink task's failed records go, as they were
 * consumed (key, value, headers and timestamp unchanged), to the dead letter queue topic. With
 * {@code errors.deadletterqueue.context.headers.enable} each also carries Kafka Connect's
 * {@code __connect.errors.*} headers: where it came from, which task, stage and class failed, and
 * the exception. The topic is created (one partition) if missing.
 */
public final class DeadLetterQueueReporter implements ErrorReporter {

    public static final String HEADER_PREFIX = "__connect.errors.";
    public static final String HEADER_TOPIC = HEADER_PREFIX + "topic";
    public static final String HEADER_PARTITION = HEADER_PREFIX + "partition";
    public static final String HEADER_OFFSET = HEADER_PREFIX + "offset";
    public static final String HEADER_CONNECTOR = HEADER_PREFIX + "connector.name";
    public static final String HEADER_TASK = HEADER_PREFIX + "task.id";
    public static final String HEADER_STAGE = HEADER_PREFIX + "stage";
    public static final String HEADER_CLASS = HEADER_PREFIX + "class.name";
    public static final String HEADER_EXCEPTION = HEADER_PREFIX + "exception.class.name";
    public static final String HEADER_MESSAGE = HEADER_PREFIX + "exception.message";
    public static final String HEADER_STACKTRACE = HEADER_PREFIX + "exception.stacktrace";

    private static final Logger log = LoggerFactory.getLogger(DeadLetterQueueReporter.class);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private final String topic;
    private final boolean contextHeaders;
    private final Producer<byte[], byte[]> producer;

    DeadLetterQueueReporter(String topic, boolean contextHeaders, Producer<byte[], byte[]> producer) {
        this.topic = topic;
        this.contextHeaders = contextHeaders;
        this.producer = producer;
    }

    /**
     * Creates the topic if needed and a producer for it.
     *
     * @throws ConnectException if the topic cannot be created
     */
    public static DeadLetterQueueReporter create(ErrorPolicy policy, Map<String, Object> adminConfig,
                                                 Map<String, Object> producerConfig) {
        ensureTopic(policy.dlqTopic(), policy.dlqReplicationFactor(), adminConfig);
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer());
        return new DeadLetterQueueReporter(policy.dlqTopic(), policy.dlqContextHeaders(), producer);
    }

    private static void ensureTopic(String topic, short replicationFactor, Map<String, Object> adminConfig) {
        try (Admin admin = Admin.create(adminConfig)) {
            if (admin.listTopics().names().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).contains(topic)) {
                return;
            }
            try {
                create(admin, new NewTopic(topic, 1, replicationFactor));
                log.info("Created dead letter queue topic {} (replication factor {})", topic, replicationFactor);
            } catch (InvalidReplicationFactorException e) {
                log.warn("Dead letter queue topic {} cannot have replication factor {} on this cluster ({}); creating it with the broker default",
                        topic, replicationFactor, e.getMessage());
                create(admin, new NewTopic(topic, Optional.of(1), Optional.empty()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while creating dead letter queue topic " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new ConnectException("Cannot create dead letter queue topic " + topic + ": " + cause, cause);
        }
    }

    private static void create(Admin admin, NewTopic newTopic) throws InterruptedException, ExecutionException, TimeoutException {
        try {
            admin.createTopics(List.of(newTopic)).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return;
            }
            if (e.getCause() instanceof InvalidReplicationFactorException invalid) {
                throw invalid;
            }
            throw e;
        }
    }

    public String topic() {
        return topic;
    }

    @Override
    public Future<Void> report(ProcessingFailure failure) {
        ConsumerRecord<byte[], byte[]> consumed = failure.consumed();
        if (consumed == null) {
            return CompletableFuture.completedFuture(null);
        }
        Headers headers = new RecordHeaders(consumed.headers().toArray());
        if (contextHeaders) {
            addContextHeaders(headers, failure);
        }
        Long timestamp = consumed.timestamp() == ConsumerRecord.NO_TIMESTAMP ? null : consumed.timestamp();
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, timestamp, consumed.key(), consumed.value(), headers);
        CompletableFuture<Void> done = new CompletableFuture<>();
        producer.send(record, (metadata, e) -> {
            if (e == null) {
                done.complete(null);
            } else {
                log.error("Could not write a failed record of {}-{} at offset {} to dead letter queue topic {}: {}",
                        consumed.topic(), consumed.partition(), consumed.offset(), topic, e.toString());
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    private static void addContextHeaders(Headers headers, ProcessingFailure failure) {
        ConsumerRecord<byte[], byte[]> consumed = failure.consumed();
        add(headers, HEADER_TOPIC, consumed.topic());
        add(headers, HEADER_PARTITION, String.valueOf(consumed.partition()));
        add(headers, HEADER_OFFSET, String.valueOf(consumed.offset()));
        add(headers, HEADER_CONNECTOR, failure.task().connector());
        add(headers, HEADER_TASK, String.valueOf(failure.task().task()));
        add(headers, HEADER_STAGE, failure.stage().name());
        add(headers, HEADER_CLASS, failure.executingClass() == null ? null : failure.executingClass().getName());
        Throwable error = failure.error();
        if (error != null) {
            add(headers, HEADER_EXCEPTION, error.getClass().getName());
            add(headers, HEADER_MESSAGE, error.getMessage());
            StringWriter trace = new StringWriter();
            error.printStackTrace(new PrintWriter(trace));
            add(headers, HEADER_STACKTRACE, trace.toString());
        }
    }

    private static void add(Headers headers, String key, String value) {
        headers.add(key, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    /** Waits for the records sent so far. */
    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}

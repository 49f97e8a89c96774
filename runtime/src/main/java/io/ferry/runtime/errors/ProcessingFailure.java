package io.ferry.runtime.errors;

import io.ferry.runtime.status.TaskId;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * A record that could not be processed.
 *
 * @param task           the task processing it
 * @param stage          the step that failed
 * @param executingClass the converter, transformation or task class that failed
 * @param error          what it threw
 * @param consumed       the record as consumed from Kafka (sinks), or null
 * @param source         the record as the source task returned it (sources), or null
 */
public record ProcessingFailure(TaskId task, Stage stage, Class<?> executingClass, Throwable error,
                                ConsumerRecord<byte[], byte[]> consumed, SourceRecord source) {
}

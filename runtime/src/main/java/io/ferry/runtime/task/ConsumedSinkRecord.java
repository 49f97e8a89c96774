package io.ferry.runtime.task;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * A sink record that remembers the record it was consumed as, through transformations (which
 * create records with {@code newRecord}), so that a failed record can go to the dead letter queue
 * as it was consumed.
 */
final class ConsumedSinkRecord extends SinkRecord {

    private final ConsumerRecord<byte[], byte[]> consumed;

    ConsumedSinkRecord(ConsumerRecord<byte[], byte[]> consumed, SchemaAndValue key, SchemaAndValue value, Long timestamp,
                       Iterable<Header> headers) {
        super(consumed.topic(), consumed.partition(), key.schema(), key.value(), value.schema(), value.value(),
                consumed.offset(), timestamp, consumed.timestampType(), headers, consumed.topic(), consumed.partition(),
                consumed.offset());
        this.consumed = consumed;
    }

    private ConsumedSinkRecord(ConsumerRecord<byte[], byte[]> consumed, String topic, Integer partition, Schema keySchema,
                               Object key, Schema valueSchema, Object value, long offset, Long timestamp,
                               TimestampType timestampType, Iterable<Header> headers) {
        super(topic, partition == null ? consumed.partition() : partition, keySchema, key, valueSchema, value, offset,
                timestamp, timestampType, headers, consumed.topic(), consumed.partition(), consumed.offset());
        this.consumed = consumed;
    }

    /** The record as consumed from Kafka. */
    ConsumerRecord<byte[], byte[]> consumed() {
        return consumed;
    }

    @Override
    public SinkRecord newRecord(String topic, Integer kafkaPartition, Schema keySchema, Object key, Schema valueSchema,
                                Object value, Long timestamp) {
        return newRecord(topic, kafkaPartition, keySchema, key, valueSchema, value, timestamp, headers().duplicate());
    }

    @Override
    public SinkRecord newRecord(String topic, Integer kafkaPartition, Schema keySchema, Object key, Schema valueSchema,
                                Object value, Long timestamp, Iterable<Header> headers) {
        return new ConsumedSinkRecord(consumed, topic, kafkaPartition, keySchema, key, valueSchema, value, kafkaOffset(),
                timestamp, timestampType(), headers);
    }
}

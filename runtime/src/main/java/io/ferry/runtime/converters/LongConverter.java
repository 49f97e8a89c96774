package io.ferry.runtime.converters;

import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.connect.data.Schema;

/** Converts optional {@code INT64} values, encoded as kafka-clients' {@code LongSerializer} does. */
public class LongConverter extends PrimitiveConverter<Long> {

    public LongConverter() {
        super(Long.class, Schema.OPTIONAL_INT64_SCHEMA, new LongSerializer(), new LongDeserializer());
    }
}

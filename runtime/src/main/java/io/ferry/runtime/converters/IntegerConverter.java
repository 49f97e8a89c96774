package io.ferry.runtime.converters;

import org.apache.kafka.common.serialization.IntegerDeserializer;
import org.apache.kafka.common.serialization.IntegerSerializer;
import org.apache.kafka.connect.data.Schema;

/** Converts optional {@code INT32} values, encoded as kafka-clients' {@code IntegerSerializer} does. */
public class IntegerConverter extends PrimitiveConverter<Integer> {

    public IntegerConverter() {
        super(Integer.class, Schema.OPTIONAL_INT32_SCHEMA, new IntegerSerializer(), new IntegerDeserializer());
    }
}

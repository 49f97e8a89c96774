package io.ferry.runtime.converters;

import org.apache.kafka.common.serialization.BooleanDeserializer;
import org.apache.kafka.common.serialization.BooleanSerializer;
import org.apache.kafka.connect.data.Schema;

/** Converts optional {@code BOOLEAN} values, encoded as kafka-clients' {@code BooleanSerializer} does. */
public class BooleanConverter extends PrimitiveConverter<Boolean> {

    public BooleanConverter() {
        super(Boolean.class, Schema.OPTIONAL_BOOLEAN_SCHEMA, new BooleanSerializer(), new BooleanDeserializer());
    }
}

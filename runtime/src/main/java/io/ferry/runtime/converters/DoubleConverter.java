package io.ferry.runtime.converters;

import org.apache.kafka.common.serialization.DoubleDeserializer;
import org.apache.kafka.common.serialization.DoubleSerializer;
import org.apache.kafka.connect.data.Schema;

/** Converts optional {@code FLOAT64} values, encoded as kafka-clients' {@code DoubleSerializer} does. */
public class DoubleConverter extends PrimitiveConverter<Double> {

    public DoubleConverter() {
        super(Double.class, Schema.OPTIONAL_FLOAT64_SCHEMA, new DoubleSerializer(), new DoubleDeserializer());
    }
}

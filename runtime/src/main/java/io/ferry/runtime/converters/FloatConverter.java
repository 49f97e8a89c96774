package io.ferry.runtime.converters;

import org.apache.kafka.common.serialization.FloatDeserializer;
import org.apache.kafka.common.serialization.FloatSerializer;
import org.apache.kafka.connect.data.Schema;

/** Converts optional {@code FLOAT32} values, encoded as kafka-clients' {@code FloatSerializer} does. */
public class FloatConverter extends PrimitiveConverter<Float> {

    public FloatConverter() {
        super(Float.class, Schema.OPTIONAL_FLOAT32_SCHEMA, new FloatSerializer(), new FloatDeserializer());
    }
}

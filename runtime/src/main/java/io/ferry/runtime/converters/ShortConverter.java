package io.ferry.runtime.converters;

import org.apache.kafka.common.serialization.ShortDeserializer;
import org.apache.kafka.common.serialization.ShortSerializer;
import org.apache.kafka.connect.data.Schema;

/** Converts optional {@code INT16} values, encoded as kafka-clients' {@code ShortSerializer} does. */
public class ShortConverter extends PrimitiveConverter<Short> {

    public ShortConverter() {
        super(Short.class, Schema.OPTIONAL_INT16_SCHEMA, new ShortSerializer(), new ShortDeserializer());
    }
}

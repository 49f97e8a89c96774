package io.ferry.runtime.converters;

import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.AppInfoParser;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.storage.HeaderConverter;

/**
 * A converter (and header converter) for one primitive Connect type, in Kafka's own binary
 * encoding: the kafka-clients serializer and deserializer of that type. Nulls pass through.
 *
 * @param <T> the Java type of the values
 */
public abstract class PrimitiveConverter<T> implements Converter, HeaderConverter, Versioned {

    private final Class<T> valueType;
    private final Schema schema;
    private final Serializer<T> serializer;
    private final Deserializer<T> deserializer;

    protected PrimitiveConverter(Class<T> valueType, Schema schema, Serializer<T> serializer, Deserializer<T> deserializer) {
        this.valueType = valueType;
        this.schema = schema;
        this.serializer = serializer;
        this.deserializer = deserializer;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        serializer.configure(configs, isKey);
        deserializer.configure(configs, isKey);
    }

    @Override
    public void configure(Map<String, ?> configs) {
        configure(configs, false);
    }

    @Override
    public ConfigDef config() {
        return new ConfigDef();
    }

    @Override
    public byte[] fromConnectData(String topic, Schema valueSchema, Object value) {
        if (valueSchema != null && valueSchema.type() != schema.type()) {
            throw new DataException(getClass().getSimpleName() + " converts " + schema.type() + " values, not " + valueSchema.type());
        }
        if (value != null && !valueType.isInstance(value)) {
            throw new DataException(getClass().getSimpleName() + " converts " + valueType.getSimpleName()
                    + " values, not " + value.getClass().getName());
        }
        try {
            return serializer.serialize(topic, valueType.cast(value));
        } catch (SerializationException e) {
            throw new DataException("Failed to serialize a " + schema.type() + " value for topic " + topic + ": " + e.getMessage(), e);
        }
    }

    @Override
    public SchemaAndValue toConnectData(String topic, byte[] value) {
        try {
            return new SchemaAndValue(schema, deserializer.deserialize(topic, value));
        } catch (SerializationException e) {
            throw new DataException("Failed to deserialize a " + schema.type() + " value from topic " + topic + ": " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] fromConnectHeader(String topic, String headerKey, Schema headerSchema, Object value) {
        return fromConnectData(topic, headerSchema, value);
    }

    @Override
    public SchemaAndValue toConnectHeader(String topic, String headerKey, byte[] value) {
        return toConnectData(topic, value);
    }

    /** The version of the Kafka Connect API these converters implement. */
    @Override
    public String version() {
        return AppInfoParser.getVersion();
    }

    @Override
    public void close() {
        serializer.close();
        deserializer.close();
    }
}

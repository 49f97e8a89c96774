package io.ferry.runtime.task;

import io.ferry.runtime.config.ConnectorConfig;
import io.ferry.runtime.config.WorkerConfig;
import io.ferry.runtime.converters.JsonStringFastPath;
import io.ferry.runtime.errors.RetryWithTolerance.RecordProcessing;
import io.ferry.runtime.errors.Stage;
import io.ferry.runtime.plugin.LoaderSwap;
import io.ferry.runtime.plugin.PluginDesc;
import io.ferry.runtime.plugin.PluginKind;
import io.ferry.runtime.plugin.Plugins;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.storage.HeaderConverter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key, value and header converters of one task: the connector's own
 * ({@code key.converter} ... in its configuration, with its {@code key.converter.*} settings) or
 * else the worker's. Each conversion runs as a stage of the record's
 * {@link RecordProcessing}, so a failure is retried and tolerated as the connector says.
 */
public final class RecordConverters implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RecordConverters.class);

    /** The setting telling a converter what it converts, as Kafka Connect sets it. */
    static final String CONVERTER_TYPE = "converter.type";

    private final Converter key;
    private final Converter value;
    private final HeaderConverter header;
    /** The converters' own classes, for error reports (not Ferry's fast-path wrapper). */
    private final Class<?> keyClass;
    private final Class<?> valueClass;

    RecordConverters(Converter key, Converter value, HeaderConverter header) {
        this.key = key;
        this.value = value;
        this.header = header;
        this.keyClass = classOf(key);
        this.valueClass = classOf(value);
    }

    private static Class<?> classOf(Converter converter) {
        return converter instanceof JsonStringFastPath fast ? fast.delegate().getClass() : converter.getClass();
    }

    /**
     * Creates and configures the converters of a connector's task.
     *
     * @throws ConnectException if one cannot be found, created or configured
     */
    public static RecordConverters create(ConnectorConfig connector, WorkerConfig worker, Plugins plugins) {
        Converter key = converter(connector, worker, plugins, ConnectorConfig.KEY_CONVERTER, true);
        Converter value = converter(connector, worker, plugins, ConnectorConfig.VALUE_CONVERTER, false);
        HeaderConverter header = headerConverter(connector, worker, plugins);
        return new RecordConverters(key, value, header);
    }

    @SuppressWarnings("try")
    private static Converter converter(ConnectorConfig connector, WorkerConfig worker, Plugins plugins, String classKey, boolean isKey) {
        boolean own = connector.converter(classKey) != null;
        String className = own ? connector.converter(classKey) : workerClass(worker, classKey);
        Map<String, Object> props = new HashMap<>(own ? connector.converterProps(classKey) : worker.converterProps(classKey));
        props.put(CONVERTER_TYPE, isKey ? "key" : "value");
        PluginDesc desc = plugins.resolve(PluginKind.CONVERTER, className);
        Converter converter = plugins.newInstance(desc, Converter.class);
        try (LoaderSwap swap = LoaderSwap.to(desc.loader())) {
            converter.configure(props, isKey);
        } catch (RuntimeException e) {
            throw new ConnectException("Cannot configure " + classKey + " " + desc.className() + ": " + e.getMessage(), e);
        }
        if (JsonStringFastPath.JSON_CONVERTER.equals(desc.className()) && PluginDesc.CLASSPATH.equals(desc.location())) {
            return JsonStringFastPath.wrap(converter, props);
        }
        return converter;
    }

    @SuppressWarnings("try")
    private static HeaderConverter headerConverter(ConnectorConfig connector, WorkerConfig worker, Plugins plugins) {
        String classKey = ConnectorConfig.HEADER_CONVERTER;
        boolean own = connector.converter(classKey) != null;
        String className = own ? connector.converter(classKey) : worker.headerConverter();
        Map<String, Object> props = new HashMap<>(own ? connector.converterProps(classKey) : worker.converterProps(classKey));
        props.put(CONVERTER_TYPE, "header");
        PluginDesc desc = plugins.resolve(PluginKind.HEADER_CONVERTER, className);
        HeaderConverter converter = plugins.newInstance(desc, HeaderConverter.class);
        try (LoaderSwap swap = LoaderSwap.to(desc.loader())) {
            converter.configure(props);
        } catch (RuntimeException e) {
            throw new ConnectException("Cannot configure " + classKey + " " + desc.className() + ": " + e.getMessage(), e);
        }
        return converter;
    }

    private static String workerClass(WorkerConfig worker, String classKey) {
        return ConnectorConfig.KEY_CONVERTER.equals(classKey) ? worker.keyConverter() : worker.valueConverter();
    }

    /**
     * Converts a (transformed) source record: headers, then key, then value.
     *
     * @return the record to send, or null if a conversion failed and the failure is tolerated
     */
    public ProducerRecord<byte[], byte[]> toProducerRecord(RecordProcessing processing, SourceRecord record) {
        Headers headers = processing.execute(Stage.HEADER_CONVERTER, header.getClass(), () -> fromConnectHeaders(record));
        if (processing.failed()) {
            return null;
        }
        byte[] keyBytes = processing.execute(Stage.KEY_CONVERTER, keyClass,
                () -> key.fromConnectData(record.topic(), headers, record.keySchema(), record.key()));
        if (processing.failed()) {
            return null;
        }
        byte[] valueBytes = processing.execute(Stage.VALUE_CONVERTER, valueClass,
                () -> value.fromConnectData(record.topic(), headers, record.valueSchema(), record.value()));
        if (processing.failed()) {
            return null;
        }
        Long timestamp = record.timestamp();
        if (timestamp != null && timestamp < 0) {
            timestamp = null;
        }
        return new ProducerRecord<>(record.topic(), record.kafkaPartition(), timestamp, keyBytes, valueBytes, headers);
    }

    private Headers fromConnectHeaders(SourceRecord record) {
        RecordHeaders result = new RecordHeaders();
        if (record.headers() != null) {
            for (org.apache.kafka.connect.header.Header h : record.headers()) {
                result.add(h.key(), header.fromConnectHeader(record.topic(), h.key(), h.schema(), h.value()));
            }
        }
        return result;
    }

    /**
     * Converts a consumed record: key, value, then headers.
     *
     * @return the record for the task, or null if a conversion failed and the failure is tolerated
     */
    public SinkRecord toSinkRecord(RecordProcessing processing, ConsumerRecord<byte[], byte[]> consumed) {
        SchemaAndValue keyData = processing.execute(Stage.KEY_CONVERTER, keyClass,
                () -> key.toConnectData(consumed.topic(), consumed.headers(), consumed.key()));
        if (processing.failed()) {
            return null;
        }
        SchemaAndValue valueData = processing.execute(Stage.VALUE_CONVERTER, valueClass,
                () -> value.toConnectData(consumed.topic(), consumed.headers(), consumed.value()));
        if (processing.failed()) {
            return null;
        }
        ConnectHeaders headers = processing.execute(Stage.HEADER_CONVERTER, header.getClass(), () -> toConnectHeaders(consumed));
        if (processing.failed()) {
            return null;
        }
        Long timestamp = consumed.timestampType() == TimestampType.NO_TIMESTAMP_TYPE || consumed.timestamp() == ConsumerRecord.NO_TIMESTAMP
                ? null : consumed.timestamp();
        return new ConsumedSinkRecord(consumed, keyData, valueData, timestamp, headers);
    }

    private ConnectHeaders toConnectHeaders(ConsumerRecord<byte[], byte[]> consumed) {
        ConnectHeaders headers = new ConnectHeaders();
        for (Header h : consumed.headers()) {
            SchemaAndValue data = header.toConnectHeader(consumed.topic(), h.key(), h.value());
            headers.add(h.key(), data == null ? SchemaAndValue.NULL : data);
        }
        return headers;
    }

    /** Serializes a sink record back to bytes (for errant records that did not come from the consumer). */
    ConsumerRecord<byte[], byte[]> toConsumerRecord(SinkRecord record) {
        byte[] keyBytes = key.fromConnectData(record.topic(), record.keySchema(), record.key());
        byte[] valueBytes = value.fromConnectData(record.topic(), record.valueSchema(), record.value());
        RecordHeaders headers = new RecordHeaders();
        for (org.apache.kafka.connect.header.Header h : record.headers()) {
            headers.add(h.key(), header.fromConnectHeader(record.topic(), h.key(), h.schema(), h.value()));
        }
        long timestamp = record.timestamp() == null ? ConsumerRecord.NO_TIMESTAMP : record.timestamp();
        return new ConsumerRecord<>(record.topic(), record.kafkaPartition() == null ? -1 : record.kafkaPartition(),
                record.kafkaOffset(), timestamp, record.timestampType(), -1, -1, keyBytes, valueBytes, headers,
                java.util.Optional.empty());
    }

    @Override
    public void close() {
        for (AutoCloseable closeable : new AutoCloseable[] {key, value, header}) {
            try {
                closeable.close();
            } catch (Exception e) {
                log.warn("Closing converter {} failed: {}", closeable.getClass().getName(), e.toString());
            }
        }
    }
}

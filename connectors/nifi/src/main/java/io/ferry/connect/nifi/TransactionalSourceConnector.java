package io.ferry.connect.nifi;

import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ConnectorTransactionBoundaries;
import org.apache.kafka.connect.source.ExactlyOnceSupport;

/**
 * A source connector whose tasks take NiFi transactions through a {@code SourceHandoff}: with the
 * worker's exactly-once support and {@code transaction.boundary=connector}, each NiFi transaction
 * is one Kafka transaction (ADR 0024).
 */
public abstract class TransactionalSourceConnector extends ConfiguredSourceConnector {

    protected TransactionalSourceConnector(Class<? extends Task> taskClass, ConfigDef definition,
            Function<Map<String, String>, ? extends AbstractConfig> parser) {
        super(taskClass, definition, parser);
    }

    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.SUPPORTED;
    }

    @Override
    public ConnectorTransactionBoundaries canDefineTransactionBoundaries(Map<String, String> connectorConfig) {
        return ConnectorTransactionBoundaries.SUPPORTED;
    }
}

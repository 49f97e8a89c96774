package io.ferry.runtime.worker;

import io.ferry.runtime.config.ConfigProblem;
import io.ferry.runtime.config.ConnectorConfig;
import io.ferry.runtime.config.TransactionBoundary;
import io.ferry.runtime.config.WorkerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.ConnectorTransactionBoundaries;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * The exactly-once rules of a source connector's configuration (KIP-618):
 * {@code exactly.once.support=required} needs a worker with {@code exactly.once.source.support=enabled}
 * and a connector whose {@code exactlyOnceSupport()} is SUPPORTED; {@code transaction.boundary=connector}
 * needs a connector whose {@code canDefineTransactionBoundaries()} is SUPPORTED.
 */
final class ExactlyOnceChecks {

    private ExactlyOnceChecks() {
    }

    /** The problems, asking the connector instance (its class loader must be the thread's). */
    static List<ConfigProblem> problems(SourceConnector connector, ConnectorConfig config, Map<String, String> props,
                                        boolean workerEnabled) {
        List<ConfigProblem> problems = new ArrayList<>();
        if (config.exactlyOnceRequired()) {
            if (!workerEnabled) {
                problems.add(new ConfigProblem(ConnectorConfig.EXACTLY_ONCE_SUPPORT, "required, but the worker does not deliver "
                        + "exactly once: set " + WorkerConfig.EXACTLY_ONCE_SOURCE_SUPPORT + "=enabled, or use 'requested'"));
            } else {
                ExactlyOnceSupport support = ask(() -> connector.exactlyOnceSupport(props), problems, "exactlyOnceSupport()");
                if (support != ExactlyOnceSupport.SUPPORTED && problems.isEmpty()) {
                    problems.add(new ConfigProblem(ConnectorConfig.EXACTLY_ONCE_SUPPORT, "required, but " + connector.getClass().getName()
                            + " does not declare exactly-once support (exactlyOnceSupport() returned " + support + "); use 'requested'"));
                }
            }
        }
        if (workerEnabled && config.transactionBoundary() == TransactionBoundary.CONNECTOR) {
            List<ConfigProblem> asking = new ArrayList<>();
            ConnectorTransactionBoundaries boundaries = ask(() -> connector.canDefineTransactionBoundaries(props), asking,
                    "canDefineTransactionBoundaries()");
            problems.addAll(asking);
            if (asking.isEmpty() && boundaries != ConnectorTransactionBoundaries.SUPPORTED) {
                problems.add(new ConfigProblem(ConnectorConfig.TRANSACTION_BOUNDARY, "'connector', but " + connector.getClass().getName()
                        + " cannot define transaction boundaries (canDefineTransactionBoundaries() returned " + boundaries
                        + "); use poll or interval"));
            }
        }
        return problems;
    }

    private static <T> T ask(java.util.function.Supplier<T> question, List<ConfigProblem> problems, String what) {
        try {
            return question.get();
        } catch (RuntimeException e) {
            problems.add(new ConfigProblem(ConnectorConfig.CONNECTOR_CLASS, "the connector's " + what + " failed: " + e));
            return null;
        }
    }
}

package io.ferry.runtime.task;

import io.ferry.runtime.errors.RetryWithTolerance;
import io.ferry.runtime.errors.Stage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sink task's {@link ErrantRecordReporter}: records the task reports go to the connector's
 * error reporters (log, dead letter queue), as it was consumed when possible. With
 * {@code errors.tolerance=none} reporting fails the task. Offsets are committed only after the
 * reports made before are stored ({@link #awaitReports()}).
 */
final class SinkErrantReporter implements ErrantRecordReporter {

    private static final Logger log = LoggerFactory.getLogger(SinkErrantReporter.class);

    private final RetryWithTolerance errors;
    private final RecordConverters converters;
    private final Class<?> taskClass;
    private final List<Future<Void>> pending = new ArrayList<>();

    SinkErrantReporter(RetryWithTolerance errors, RecordConverters converters, Class<?> taskClass) {
        this.errors = errors;
        this.converters = converters;
        this.taskClass = taskClass;
    }

    @Override
    public Future<Void> report(SinkRecord record, Throwable error) {
        ConsumerRecord<byte[], byte[]> consumed = record instanceof ConsumedSinkRecord c ? c.consumed() : converters.toConsumerRecord(record);
        Future<Void> future;
        synchronized (errors) {
            future = errors.reportFailed(Stage.TASK_PUT, taskClass, error, consumed);
        }
        synchronized (pending) {
            pending.add(future);
        }
        return future;
    }

    /** Waits until every report made so far is stored. */
    void awaitReports() throws InterruptedException {
        List<Future<Void>> futures;
        synchronized (pending) {
            futures = new ArrayList<>(pending);
            pending.clear();
        }
        for (Future<Void> future : futures) {
            try {
                future.get();
            } catch (ExecutionException e) {
                log.warn("A reported errant record was not stored: {}", String.valueOf(e.getCause()));
            }
        }
    }
}

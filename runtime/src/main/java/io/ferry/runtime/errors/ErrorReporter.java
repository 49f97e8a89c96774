package io.ferry.runtime.errors;

import java.util.concurrent.Future;

/** Reports a record that failed processing (and will be skipped): to the log, a topic, ... */
public interface ErrorReporter extends AutoCloseable {

    /** Reports the failure; the future completes once the report is stored. */
    Future<Void> report(ProcessingFailure failure);

    @Override
    default void close() {
    }
}

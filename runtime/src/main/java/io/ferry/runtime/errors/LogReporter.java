package io.ferry.runtime.errors;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code errors.log.enable}: one log line per failed record, naming the task, stage, class and
 * record (with its key and value only when {@code errors.log.include.messages} is on). The stack
 * trace is not logged: a bad record is an expected event, and the dead letter queue (or the task
 * status, when the task fails) keeps it.
 */
public final class LogReporter implements ErrorReporter {

    private static final Logger log = LoggerFactory.getLogger(LogReporter.class);

    private final boolean includeMessages;

    public LogReporter(boolean includeMessages) {
        this.includeMessages = includeMessages;
    }

    @Override
    public Future<Void> report(ProcessingFailure failure) {
        log.error("Task {} failed to process a record at stage {} ({}): {}; {}", failure.task(), failure.stage(),
                failure.executingClass() == null ? "-" : failure.executingClass().getName(), describe(failure.error()),
                describeRecord(failure));
        return CompletableFuture.completedFuture(null);
    }

    /** The exception and its causes, on one line. */
    static String describe(Throwable error) {
        StringBuilder text = new StringBuilder(String.valueOf(error));
        Throwable cause = error == null ? null : error.getCause();
        for (int depth = 0; cause != null && depth < 5; depth++, cause = cause.getCause()) {
            text.append(" caused by ").append(cause);
        }
        return text.toString();
    }

    private String describeRecord(ProcessingFailure failure) {
        ConsumerRecord<byte[], byte[]> consumed = failure.consumed();
        if (consumed != null) {
            String where = "consumed record topic=" + consumed.topic() + " partition=" + consumed.partition()
                    + " offset=" + consumed.offset() + " timestamp=" + consumed.timestamp();
            return includeMessages ? where + " key=" + text(consumed.key()) + " value=" + text(consumed.value()) : where;
        }
        if (failure.source() != null) {
            return includeMessages ? "source record " + failure.source()
                    : "source record partition=" + failure.source().sourcePartition() + " offset=" + failure.source().sourceOffset();
        }
        return "no record";
    }

    private static String text(byte[] bytes) {
        return bytes == null ? "null" : new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }
}

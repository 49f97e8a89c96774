package io.ferry.runtime.errors;

/** The step of record processing that failed, as reported in logs and dead letter queue headers. */
public enum Stage {
    KEY_CONVERTER,
    VALUE_CONVERTER,
    HEADER_CONVERTER,
    TRANSFORMATION,
    TASK_PUT,
    TASK_POLL,
    KAFKA_PRODUCE,
    KAFKA_CONSUME
}

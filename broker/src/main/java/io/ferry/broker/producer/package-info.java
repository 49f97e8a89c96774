/**
 * Idempotent producers: cluster-unique producer ids ({@link io.ferry.broker.producer.ProducerIdAllocator}) and, per
 * partition, the sequence checks and duplicate detection of {@link io.ferry.broker.producer.ProducerStateManager},
 * rebuilt from the log after a restart.
 */
package io.ferry.broker.producer;

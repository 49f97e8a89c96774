/** Time a test controls: Kafka's {@link org.apache.kafka.common.utils.Time}, with a {@link java.time.Clock} view. */
package io.ferry.testkit.time;

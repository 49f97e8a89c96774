/**
 * Converters that Kafka Connect ships in {@code connect-runtime} (which Ferry does not depend on),
 * written for Ferry: {@link io.ferry.runtime.converters.ByteArrayConverter} and the numeric and
 * boolean converters. They are built-in plugins on the worker's class path, declared in
 * {@code META-INF/services}, and Kafka Connect's class names for them
 * ({@code org.apache.kafka.connect.converters.ByteArrayConverter}, ...) resolve to them unless a
 * plugin provides those classes itself.
 */
package io.ferry.runtime.converters;

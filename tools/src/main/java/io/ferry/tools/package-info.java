/**
 * Apache Kafka's command-line tools as {@code bin/ferry} commands ({@link io.ferry.tools.KafkaTool}): Kafka's own
 * classes with the user's arguments, on a class path of their own.
 */
package io.ferry.tools;

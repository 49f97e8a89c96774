package io.ferry.runtime.plugin;

import java.util.Map;

/**
 * Kafka Connect ships some plugins in {@code connect-runtime}, which Ferry does not use; Ferry has
 * its own versions. Configurations written for Kafka Connect name them by Kafka's class names,
 * which resolve to Ferry's versions unless a plugin provides Kafka's classes itself.
 */
final class KafkaRuntimeSubstitutes {

    private static final String KAFKA = "org.apache.kafka.connect.converters.";
    private static final String FERRY = "io.ferry.runtime.converters.";

    private static final Map<String, String> SUBSTITUTES = Map.of(
            KAFKA + "ByteArrayConverter", FERRY + "ByteArrayConverter",
            KAFKA + "BooleanConverter", FERRY + "BooleanConverter",
            KAFKA + "ShortConverter", FERRY + "ShortConverter",
            KAFKA + "IntegerConverter", FERRY + "IntegerConverter",
            KAFKA + "LongConverter", FERRY + "LongConverter",
            KAFKA + "FloatConverter", FERRY + "FloatConverter",
            KAFKA + "DoubleConverter", FERRY + "DoubleConverter");

    private KafkaRuntimeSubstitutes() {
    }

    /** Ferry's class standing in for a Kafka {@code connect-runtime} class, or null. */
    static String substituteFor(String className) {
        return SUBSTITUTES.get(className);
    }
}

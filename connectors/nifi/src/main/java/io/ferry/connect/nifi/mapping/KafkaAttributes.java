package io.ferry.connect.nifi.mapping;

/** Attribute names NiFi's ConsumeKafka writes and PublishKafka reads. */
public final class KafkaAttributes {

    public static final String TOPIC = "kafka.topic";
    public static final String PARTITION = "kafka.partition";
    public static final String OFFSET = "kafka.offset";
    public static final String TIMESTAMP = "kafka.timestamp";
    public static final String KEY = "kafka.key";
    public static final String HEADER_COUNT = "kafka.header.count";
    public static final String TOMBSTONE = "kafka.tombstone";

    private KafkaAttributes() {
    }
}

package io.ferry.runtime.offset;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The offset of one partition of a connector, as {@code GET /connectors/{name}/offsets} shows it.
 * A source's partitions and offsets are what the connector defines ({@code {"filename":"a.txt"}},
 * {@code {"position":30}}); a sink's are {@code {"kafka_topic":"t","kafka_partition":0}} and
 * {@code {"kafka_offset":5}}. A null {@code offset} (in an alteration) removes the partition's offset.
 *
 * @param partition the partition
 * @param offset    its offset, or null
 */
public record ConnectorOffset(Map<String, Object> partition, Map<String, Object> offset) {

    /** A sink partition's key: its topic. */
    public static final String KAFKA_TOPIC = "kafka_topic";
    /** A sink partition's key: its partition number. */
    public static final String KAFKA_PARTITION = "kafka_partition";
    /** A sink offset's key: the next offset to consume. */
    public static final String KAFKA_OFFSET = "kafka_offset";

    public ConnectorOffset {
        partition = partition == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(partition));
        offset = offset == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(offset));
    }
}

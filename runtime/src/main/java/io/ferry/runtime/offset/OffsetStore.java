package io.ferry.runtime.offset;

import java.util.Map;

/**
 * Committed source offsets, by namespace (the connector name) and source partition. Partitions
 * and offsets are maps of string keys to strings, numbers ({@code Long} or {@code Double} when
 * read back), booleans or null, as Kafka Connect's offset storage allows. Implementations are
 * thread-safe.
 */
public interface OffsetStore extends AutoCloseable {

    /** Loads the stored offsets; call once before anything else. */
    void start();

    /** The offset of {@code partition} in {@code namespace}, or null if none was committed. */
    Map<String, Object> offset(String namespace, Map<String, ?> partition);

    /** Every committed offset of {@code namespace}, by partition (a copy). */
    Map<Map<String, Object>, Map<String, Object>> offsets(String namespace);

    /**
     * Stores offsets of {@code namespace} durably before returning; other partitions keep theirs.
     * A null offset removes the partition's offset.
     *
     * @throws org.apache.kafka.connect.errors.ConnectException if they could not be stored; the
     *                                                          previously stored offsets stay
     */
    void write(String namespace, Map<Map<String, Object>, Map<String, Object>> offsets);

    @Override
    void close();
}

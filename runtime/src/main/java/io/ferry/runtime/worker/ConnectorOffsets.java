package io.ferry.runtime.worker;

import io.ferry.runtime.offset.ConnectorOffset;
import io.ferry.runtime.offset.OffsetFormat;
import io.ferry.runtime.offset.OffsetStore;
import io.ferry.runtime.task.ClientConfigs;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;

/**
 * Reads, alters and removes a connector's offsets: a source's in the {@link OffsetStore}, a sink's
 * in its consumer group {@code connect-<name>} through an admin client. Alterations are first
 * shown to the connector ({@code alterOffsets}), which may refuse them. The worker calls these
 * under its lock, with the connector stopped for alterations.
 */
final class ConnectorOffsets {

    private static final long TIMEOUT_MS = 30_000;
    /** How long an alteration waits for the sink's consumers to leave its group. */
    private static final long GROUP_EMPTY_WAIT_MS = 10_000;

    private final OffsetStore store;
    private final Supplier<ClientConfigs> clients;

    ConnectorOffsets(OffsetStore store, Supplier<ClientConfigs> clients) {
        this.store = store;
        this.clients = clients;
    }

    /** The committed offsets of a connector, sorted by partition. */
    List<ConnectorOffset> read(String name, boolean sink) {
        List<ConnectorOffset> result = new ArrayList<>();
        if (sink) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin(name, "read",
                    admin -> admin.listConsumerGroupOffsets(ClientConfigs.groupId(name)).partitionsToOffsetAndMetadata());
            if (committed == null) {
                return result;
            }
            committed.entrySet().stream()
                    .filter(e -> e.getValue() != null)
                    .sorted(Map.Entry.comparingByKey(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition)))
                    .forEach(e -> result.add(new ConnectorOffset(sinkPartition(e.getKey()),
                            Map.of(ConnectorOffset.KAFKA_OFFSET, e.getValue().offset()))));
        } else {
            store.offsets(name).forEach((partition, offset) -> result.add(new ConnectorOffset(partition, offset)));
            result.sort(Comparator.comparing(o -> String.valueOf(new java.util.TreeMap<>(o.partition()))));
        }
        return result;
    }

    /**
     * Alters some partitions' offsets (a null offset removes the partition's).
     *
     * @return what the connector's {@code alterOffsets} returned: whether it knows about the change
     * @throws InvalidRequestException if the offsets are malformed or the connector refuses them
     */
    boolean alter(ConnectorRunner runner, List<ConnectorOffset> offsets) {
        if (offsets == null || offsets.isEmpty()) {
            throw new InvalidRequestException("The request must list at least one partition and its offset");
        }
        String name = runner.name();
        if (runner.isSink()) {
            Map<TopicPartition, Long> parsed = new LinkedHashMap<>();
            for (ConnectorOffset entry : offsets) {
                parsed.put(parseSinkPartition(entry.partition()), parseSinkOffset(entry.offset()));
            }
            boolean acknowledged = runner.alterSinkOffsets(parsed);
            writeSinkOffsets(name, parsed);
            return acknowledged;
        }
        Map<Map<String, Object>, Map<String, Object>> parsed = new LinkedHashMap<>();
        for (ConnectorOffset entry : offsets) {
            if (entry.partition() == null || entry.partition().isEmpty()) {
                throw new InvalidRequestException("Every offset needs its source partition (\"partition\": {...})");
            }
            try {
                OffsetFormat.check(entry.partition(), "partition");
                OffsetFormat.check(entry.offset(), "offset");
            } catch (DataException e) {
                throw new InvalidRequestException(e.getMessage(), e);
            }
            parsed.put(normalized(entry.partition()), normalized(entry.offset()));
        }
        boolean acknowledged = runner.alterSourceOffsets(parsed);
        store.write(name, parsed);
        return acknowledged;
    }

    /**
     * Removes every offset of the connector, after showing the connector the removal.
     *
     * @return what the connector's {@code alterOffsets} returned
     */
    boolean reset(ConnectorRunner runner) {
        String name = runner.name();
        if (runner.isSink()) {
            Map<TopicPartition, Long> removed = new LinkedHashMap<>();
            for (ConnectorOffset offset : read(name, true)) {
                removed.put(parseSinkPartition(offset.partition()), null);
            }
            boolean acknowledged = runner.alterSinkOffsets(removed);
            deleteGroup(name);
            return acknowledged;
        }
        Map<Map<String, Object>, Map<String, Object>> removed = new HashMap<>();
        store.offsets(name).keySet().forEach(partition -> removed.put(partition, null));
        boolean acknowledged = runner.alterSourceOffsets(removed);
        store.write(name, removed);
        return acknowledged;
    }

    /** Removes the offsets of a deleted connector; {@code sink} is null if its type is unknown (both kinds are removed). */
    void remove(String name, Boolean sink) {
        if (sink == null || sink) {
            deleteGroup(name);
        }
        if (sink == null || !sink) {
            Map<Map<String, Object>, Map<String, Object>> removed = new HashMap<>();
            store.offsets(name).keySet().forEach(partition -> removed.put(partition, null));
            store.write(name, removed);
        }
    }

    private void writeSinkOffsets(String name, Map<TopicPartition, Long> offsets) {
        Map<TopicPartition, OffsetAndMetadata> toCommit = new HashMap<>();
        Set<TopicPartition> toDelete = new HashSet<>();
        offsets.forEach((tp, offset) -> {
            if (offset == null) {
                toDelete.add(tp);
            } else {
                toCommit.put(tp, new OffsetAndMetadata(offset));
            }
        });
        String group = ClientConfigs.groupId(name);
        if (!toCommit.isEmpty()) {
            admin(name, "alter", admin -> admin.alterConsumerGroupOffsets(group, toCommit).all());
        }
        if (!toDelete.isEmpty()) {
            admin(name, "reset", admin -> admin.deleteConsumerGroupOffsets(group, toDelete).all());
        }
    }

    private void deleteGroup(String name) {
        admin(name, "reset", admin -> admin.deleteConsumerGroups(List.of(ClientConfigs.groupId(name))).all());
    }

    /** Runs an admin operation on the sink's group, retrying while the group still has members; an unknown group has no offsets. */
    private <T> T admin(String name, String what, java.util.function.Function<Admin, KafkaFuture<T>> operation) {
        Map<String, Object> props = clients.get().workerAdmin("ferry-offsets-" + name);
        props.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT_MS);
        long deadline = System.currentTimeMillis() + GROUP_EMPTY_WAIT_MS;
        try (Admin admin = Admin.create(props)) {
            while (true) {
                try {
                    return operation.apply(admin).get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof GroupIdNotFoundException) {
                        return null;
                    }
                    boolean busy = cause instanceof GroupNotEmptyException || cause instanceof UnknownMemberIdException;
                    if (!busy || System.currentTimeMillis() > deadline) {
                        throw new ConnectException("Could not " + what + " the offsets of sink connector " + name + " in consumer group "
                                + ClientConfigs.groupId(name) + ": " + cause, cause);
                    }
                    Thread.sleep(200);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while working on the offsets of connector " + name, e);
        } catch (TimeoutException e) {
            throw new ConnectException("Timed out after " + TIMEOUT_MS + " ms working on the offsets of sink connector " + name, e);
        }
    }

    /**
     * Numbers as the offset store reads them back (integers as {@code Long}, others as
     * {@code Double}), as Kafka Connect normalizes offsets before a connector sees them.
     */
    private static Map<String, Object> normalized(Map<String, Object> map) {
        if (map == null) {
            return null;
        }
        Map<String, Object> result = new LinkedHashMap<>();
        map.forEach((key, value) -> result.put(key, value instanceof Float || value instanceof Double ? (Object) ((Number) value).doubleValue()
                : value instanceof Number n ? (Object) n.longValue() : value));
        return result;
    }

    private static Map<String, Object> sinkPartition(TopicPartition tp) {
        Map<String, Object> partition = new LinkedHashMap<>();
        partition.put(ConnectorOffset.KAFKA_TOPIC, tp.topic());
        partition.put(ConnectorOffset.KAFKA_PARTITION, tp.partition());
        return partition;
    }

    private static TopicPartition parseSinkPartition(Map<String, Object> partition) {
        if (partition == null) {
            throw new InvalidRequestException("Every offset needs its partition: {\"" + ConnectorOffset.KAFKA_TOPIC + "\": ..., \""
                    + ConnectorOffset.KAFKA_PARTITION + "\": ...}");
        }
        Object topic = partition.get(ConnectorOffset.KAFKA_TOPIC);
        if (!(topic instanceof String text) || text.isBlank()) {
            throw new InvalidRequestException("A sink connector's partition needs \"" + ConnectorOffset.KAFKA_TOPIC
                    + "\" (a topic name), not " + partition);
        }
        long number = integer(partition.get(ConnectorOffset.KAFKA_PARTITION), ConnectorOffset.KAFKA_PARTITION, partition);
        if (number < 0 || number > Integer.MAX_VALUE) {
            throw new InvalidRequestException("\"" + ConnectorOffset.KAFKA_PARTITION + "\" must be a partition number, not " + number);
        }
        return new TopicPartition(text, (int) number);
    }

    private static Long parseSinkOffset(Map<String, Object> offset) {
        if (offset == null) {
            return null;
        }
        long value = integer(offset.get(ConnectorOffset.KAFKA_OFFSET), ConnectorOffset.KAFKA_OFFSET, offset);
        if (value < 0) {
            throw new InvalidRequestException("\"" + ConnectorOffset.KAFKA_OFFSET + "\" must not be negative: " + value);
        }
        return value;
    }

    private static long integer(Object value, String key, Map<String, Object> in) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof String text) {
            try {
                return Long.parseLong(text.trim());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new InvalidRequestException("\"" + key + "\" must be an integer" + (value == null ? " and is missing from " + in : ", not '" + value + "'"));
    }
}

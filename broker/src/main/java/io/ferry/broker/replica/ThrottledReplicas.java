package io.ferry.broker.replica;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * A topic's {@code leader.replication.throttled.replicas} or {@code follower.replication.throttled.replicas}: the
 * replicas, as {@code partition:broker} pairs (or {@code *} for all), whose replication traffic counts against the
 * broker's throttle rate. {@code kafka-reassign-partitions --throttle} sets them for the moving partitions and
 * {@code --verify} clears them.
 */
public final class ThrottledReplicas {

    public static final String LEADER = "leader.replication.throttled.replicas";
    public static final String FOLLOWER = "follower.replication.throttled.replicas";
    private static final ThrottledReplicas NONE = new ThrottledReplicas(false, Set.of());

    private final boolean all;
    private final Set<Long> pairs;

    private ThrottledReplicas(boolean all, Set<Long> pairs) {
        this.all = all;
        this.pairs = pairs;
    }

    /** The replicas a config value names; a null or empty value names none. */
    public static ThrottledReplicas parse(String value) {
        if (value == null || value.isBlank()) {
            return NONE;
        }
        Set<Long> pairs = new HashSet<>();
        for (String item : value.split(",")) {
            String v = item.trim();
            if (v.equals("*")) {
                return new ThrottledReplicas(true, Set.of());
            }
            int colon = v.indexOf(':');
            try {
                pairs.add(key(Integer.parseInt(v.substring(0, colon).trim()),
                        Integer.parseInt(v.substring(colon + 1).trim())));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("'" + v + "' is not partition:broker");
            }
        }
        return new ThrottledReplicas(false, pairs);
    }

    /** Whether the replica of {@code partition} on {@code broker} is throttled. */
    public boolean contains(int partition, int broker) {
        return all || pairs.contains(key(partition, broker));
    }

    private static long key(int partition, int broker) {
        return ((long) partition << 32) | (broker & 0xffffffffL);
    }

    /** Checks a config value: {@code *}, or partition:broker pairs separated by commas. */
    public static final ConfigDef.Validator VALIDATOR = (name, value) -> {
        if (value == null) {
            return;
        }
        String joined = value instanceof List<?> list ? String.join(",", list.stream().map(String::valueOf).toList())
                : value.toString();
        try {
            parse(joined);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name, value, e.getMessage() + "; expected * or partition:broker pairs, e.g. 0:1,0:2");
        }
    };
}

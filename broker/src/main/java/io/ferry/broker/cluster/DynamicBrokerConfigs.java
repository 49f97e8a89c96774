package io.ferry.broker.cluster;

import java.util.Map;
import java.util.Set;

/**
 * Broker settings changed while brokers run (IncrementalAlterConfigs on a BROKER resource), per broker id or for all
 * brokers ({@link #DEFAULT}, an empty resource name on the wire). Only {@link #KEYS} are dynamic in Ferry: the
 * replication throttle rates that {@code kafka-reassign-partitions --throttle} sets. A cluster keeps them in ZooKeeper
 * where Kafka did ({@code /config/brokers/<id>}, {@code /config/brokers/<default>}); a single node in memory.
 */
public interface DynamicBrokerConfigs {

    String DEFAULT = "<default>";
    String LEADER_RATE = "leader.replication.throttled.rate";
    String FOLLOWER_RATE = "follower.replication.throttled.rate";
    Set<String> KEYS = Set.of(LEADER_RATE, FOLLOWER_RATE);

    /** The dynamic settings of {@code broker} (an id or {@link #DEFAULT}). */
    Map<String, String> get(String broker);

    /**
     * Changes the dynamic settings of {@code broker} to {@code change} of the current ones (atomically against other
     * brokers changing them); listeners hear of it, in a cluster on every broker.
     */
    void update(String broker, java.util.function.UnaryOperator<Map<String, String>> change);

    /** Called after any change, on any thread. */
    void onChange(Runnable listener);

    /** The value of {@code key} for broker {@code id}: its own, else the cluster default, else null. */
    default String effective(int id, String key) {
        String own = get(Integer.toString(id)).get(key);
        return own != null ? own : get(DEFAULT).get(key);
    }
}

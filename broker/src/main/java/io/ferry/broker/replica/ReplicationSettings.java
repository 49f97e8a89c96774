package io.ferry.broker.replica;

/**
 * Replication settings of a broker, with Kafka's names: {@code replica.lag.time.max.ms} and the follower's fetch
 * settings ({@code replica.fetch.*}, {@code replica.socket.timeout.ms}).
 */
public record ReplicationSettings(long lagTimeMaxMs, int fetchWaitMaxMs, int fetchMinBytes, int fetchMaxBytes,
                                  int fetchResponseMaxBytes, int fetchBackoffMs, int socketTimeoutMs) {
}

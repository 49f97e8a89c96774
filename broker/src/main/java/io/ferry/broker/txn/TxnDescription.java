package io.ferry.broker.txn;

import java.util.List;

import org.apache.kafka.common.TopicPartition;

/**
 * A snapshot of one transactional id for DescribeTransactions and ListTransactions: its producer, state, timeout, the
 * start time of its current or last transaction (-1 before any) and the partitions still waiting for a marker.
 */
public record TxnDescription(String transactionalId, long producerId, short epoch, TxnState state, int timeoutMs,
                             long startTimeMs, List<TopicPartition> partitions) {
}

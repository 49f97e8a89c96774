package io.ferry.broker.txn;

import java.util.LinkedHashSet;
import java.util.Set;

import org.apache.kafka.common.TopicPartition;

/** One transactional id: its producer id and epoch, state, timeout and the partitions of the open transaction. */
final class TxnMetadata {

    final String transactionalId;
    long producerId;
    short epoch;
    int timeoutMs;
    TxnState state = TxnState.EMPTY;
    final Set<TopicPartition> partitions = new LinkedHashSet<>();
    long startTimeMs = -1;

    TxnMetadata(String transactionalId, long producerId, short epoch, int timeoutMs) {
        this.transactionalId = transactionalId;
        this.producerId = producerId;
        this.epoch = epoch;
        this.timeoutMs = timeoutMs;
    }
}

package io.ferry.broker.producer;

/**
 * What DescribeProducers reports of one producer id in a partition: its epoch, last sequence and write time, the
 * coordinator epoch of its last marker (-1 before any) and the first offset of its open transaction (-1 if none).
 */
public record ActiveProducer(long producerId, short epoch, int lastSequence, long lastTimestamp,
                             int coordinatorEpoch, long currentTxnStartOffset) {
}

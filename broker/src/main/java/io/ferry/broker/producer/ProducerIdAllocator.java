package io.ferry.broker.producer;

/** Hands out producer ids that are unique across the cluster and across restarts. */
public interface ProducerIdAllocator {

    long nextProducerId();
}

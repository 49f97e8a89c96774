/**
 * Cluster metadata: which brokers exist, which topics, their ids, partitions, leaders, leader epochs and configs.
 * {@link io.ferry.broker.cluster.ClusterMetadata} is the interface the API handlers use;
 * {@link io.ferry.broker.cluster.LocalClusterMetadata} is the single-node implementation persisted under the first log
 * directory. A ZooKeeper-backed implementation provides the same interface for replicated clusters.
 */
package io.ferry.broker.cluster;

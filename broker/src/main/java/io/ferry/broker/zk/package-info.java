/**
 * ZooKeeper coordination of a replicated cluster, in Apache Kafka's ZooKeeper layout ({@link ZkPaths}, {@link ZkData}):
 * broker registration, the cluster id, producer id blocks, and the cluster metadata every broker reads from
 * ZooKeeper. Reached through Apache Curator.
 */
package io.ferry.broker.zk;

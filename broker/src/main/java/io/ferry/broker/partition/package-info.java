/**
 * Partitions this broker hosts: each {@link io.ferry.broker.partition.Partition} joins a partition log, its producer
 * state and leader epoch, and wakes fetches waiting for new data. {@link io.ferry.broker.partition.PartitionManager}
 * follows the cluster metadata, creating and deleting partition logs; {@link io.ferry.broker.partition.FetchWaiters}
 * holds long-polling fetches until enough data arrives or their wait runs out.
 */
package io.ferry.broker.partition;

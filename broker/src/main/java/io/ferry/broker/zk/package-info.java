/**
 * ZooKeeper coordination of a replicated cluster, in Apache Kafka's ZooKeeper layout ({@link ZkPaths}, {@link ZkData}),
 * reached through Apache Curator:
 * <ul>
 * <li>{@link io.ferry.broker.zk.ZkSession}: the broker's Curator client for {@code zookeeper.connect} (chroot as
 * namespace);</li>
 * <li>{@link io.ferry.broker.zk.ZkClientSecurity}: that client's TLS and SASL settings ({@code zookeeper.ssl.*},
 * {@code zookeeper.sasl.*}, in a per-client {@code ZKClientConfig}, see {@code IsolatedZkClientConfig}) and the znode
 * ACLs of {@code zookeeper.set.acl} ({@code SecureZnodeAcls}); see docs/adr/0020;</li>
 * <li>{@link io.ferry.broker.zk.BrokerRegistry}: the ephemeral {@code /brokers/ids/<id>}, broker epoch = czxid;</li>
 * <li>{@link io.ferry.broker.zk.ZkClusterId}: {@code /cluster/id};</li>
 * <li>{@link io.ferry.broker.zk.ZkProducerIdAllocator}: producer id blocks in {@code /latest_producer_id_block};</li>
 * <li>{@link io.ferry.broker.zk.ReplicaAssignor}: Kafka's replica placement for new partitions;</li>
 * <li>{@link io.ferry.broker.zk.ZkClusterMetadata}: the cluster metadata every broker reads from ZooKeeper, and the
 * topic mutations that write it.</li>
 * </ul>
 */
package io.ferry.broker.zk;

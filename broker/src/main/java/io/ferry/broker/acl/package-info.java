/**
 * Authorization with Apache Kafka's ACL semantics.
 * <ul>
 * <li>{@link io.ferry.broker.acl.FerryAuthorizer}: the broker's {@link org.apache.kafka.server.authorizer.Authorizer},
 * selected by {@code authorizer.class.name} (Kafka's StandardAuthorizer or AclAuthorizer name). Decisions come from
 * Kafka's own {@code StandardAuthorizer} (super users, {@code allow.everyone.if.no.acl.found}, literal, prefixed and
 * wildcard patterns, deny over allow, implied operations, audit log {@code kafka.authorizer.logger}); this class
 * validates, persists and loads the ACLs, grouped by resource pattern as Kafka's ZooKeeper layout does.</li>
 * <li>{@link io.ferry.broker.acl.AclStore}: where the ACLs live: {@link io.ferry.broker.acl.FileAclStore} under the
 * data folder of a single node, {@code io.ferry.broker.zk.ZkAclStore} in a cluster (every broker watches it).</li>
 * <li>{@link io.ferry.broker.acl.Authorization}: the one helper API handlers ask (allowed, filter, authorized
 * operations bitfields); allows everything when no authorizer is configured.</li>
 * </ul>
 */
package io.ferry.broker.acl;

package io.ferry.broker.acl;

import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.resource.ResourcePattern;

/**
 * Where ACLs are kept, grouped by resource pattern (as Kafka's ZooKeeper layout keeps one node per resource). A
 * resource without entries is not stored.
 */
public interface AclStore extends AutoCloseable {

    /** Every stored resource pattern with its entries. */
    Map<ResourcePattern, Set<AccessControlEntry>> loadAll();

    /** The entries stored now for {@code resource} (empty when none). */
    Set<AccessControlEntry> read(ResourcePattern resource);

    /**
     * Replaces the entries of {@code resource} by {@code change} of the current ones, atomically with respect to
     * other brokers changing the same resource (the change may run more than once).
     */
    void update(ResourcePattern resource, UnaryOperator<Set<AccessControlEntry>> change);

    /** Calls {@code changed} with each resource whose ACLs someone else changed (never for a single node's store). */
    void watch(Consumer<ResourcePattern> changed);

    @Override
    void close();
}

package io.ferry.broker.zk;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.utils.SecurityUtils;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.ferry.broker.acl.AclJson;
import io.ferry.broker.acl.AclStore;

/**
 * A cluster's ACLs in ZooKeeper at Apache Kafka's ZooKeeper-era paths ({@link ZkPaths#acls}) and JSON
 * ({@link AclJson}). Updates are compare-and-set on the resource's znode version, retried when another broker won;
 * an emptied resource's znode is deleted. Every broker watches both trees and re-reads a resource whose znode changed
 * (Kafka also wrote change-notification znodes; Ferry's brokers rely on the watches alone).
 */
public final class ZkAclStore implements AclStore {

    private static final Logger LOG = LoggerFactory.getLogger(ZkAclStore.class);

    private final CuratorFramework client;
    private final List<CuratorCache> caches;
    private final ExecutorService events;

    public ZkAclStore(CuratorFramework client, int nodeId) {
        this.client = client;
        this.caches = List.of(CuratorCache.build(client, ZkPaths.LITERAL_ACLS),
                CuratorCache.build(client, ZkPaths.EXTENDED_ACLS));
        this.events = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "zk-acl-events-" + nodeId);
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public Map<ResourcePattern, Set<AccessControlEntry>> loadAll() {
        Map<ResourcePattern, Set<AccessControlEntry>> out = new LinkedHashMap<>();
        try {
            for (String type : children(ZkPaths.LITERAL_ACLS)) {
                for (String name : children(ZkPaths.LITERAL_ACLS + "/" + type)) {
                    put(out, new ResourcePattern(SecurityUtils.resourceType(type), name, PatternType.LITERAL));
                }
            }
            String prefixed = ZkPaths.EXTENDED_ACLS + "/prefixed";
            for (String type : children(prefixed)) {
                for (String name : children(prefixed + "/" + type)) {
                    put(out, new ResourcePattern(SecurityUtils.resourceType(type), name, PatternType.PREFIXED));
                }
            }
        } catch (Exception e) {
            throw new KafkaException("Could not read the ACLs from ZooKeeper: " + e.getMessage(), e);
        }
        return out;
    }

    private void put(Map<ResourcePattern, Set<AccessControlEntry>> out, ResourcePattern r) {
        Set<AccessControlEntry> entries = read(r);
        if (!entries.isEmpty()) {
            out.put(r, entries);
        }
    }

    private List<String> children(String path) throws Exception {
        try {
            return client.getChildren().forPath(path);
        } catch (KeeperException.NoNodeException e) {
            return List.of();
        }
    }

    @Override
    public Set<AccessControlEntry> read(ResourcePattern resource) {
        try {
            return AclJson.decode(client.getData().forPath(ZkPaths.acls(resource)));
        } catch (KeeperException.NoNodeException e) {
            return Set.of();
        } catch (Exception e) {
            throw new KafkaException("Could not read the ACLs of " + resource + " from ZooKeeper: " + e, e);
        }
    }

    @Override
    public void update(ResourcePattern resource, UnaryOperator<Set<AccessControlEntry>> change) {
        String path = ZkPaths.acls(resource);
        for (int attempt = 1; ; attempt++) {
            try {
                if (tryUpdate(path, change)) {
                    return;
                }
            } catch (Exception e) {
                throw new KafkaException("Could not write the ACLs of " + resource + " to ZooKeeper: " + e, e);
            }
            LOG.debug("ACLs of {} changed concurrently; retrying (attempt {})", resource, attempt);
        }
    }

    /** One compare-and-set round; false when another writer got there first. */
    private boolean tryUpdate(String path, UnaryOperator<Set<AccessControlEntry>> change) throws Exception {
        Stat stat = new Stat();
        Set<AccessControlEntry> current;
        boolean exists;
        try {
            current = AclJson.decode(client.getData().storingStatIn(stat).forPath(path));
            exists = true;
        } catch (KeeperException.NoNodeException e) {
            current = Set.of();
            exists = false;
        }
        Set<AccessControlEntry> next = change.apply(current);
        if (next.equals(current)) {
            return true;
        }
        try {
            if (!exists) {
                client.create().creatingParentContainersIfNeeded().forPath(path, AclJson.encode(next));
            } else if (next.isEmpty()) {
                client.delete().withVersion(stat.getVersion()).forPath(path);
            } else {
                client.setData().withVersion(stat.getVersion()).forPath(path, AclJson.encode(next));
            }
            return true;
        } catch (KeeperException.NodeExistsException | KeeperException.BadVersionException
                 | KeeperException.NoNodeException e) {
            return false;
        }
    }

    @Override
    public void watch(Consumer<ResourcePattern> changed) {
        CuratorCacheListener listener = CuratorCacheListener.builder()
                .forAll((type, oldData, data) -> resourceOf(data != null ? data : oldData).ifPresent(r -> {
                    try {
                        changed.accept(r);
                    } catch (RuntimeException e) {
                        LOG.warn("Could not apply the changed ACLs of {}: {}", r, e.toString());
                    }
                }))
                .build();
        for (CuratorCache cache : caches) {
            cache.listenable().addListener(listener, events);
            cache.start();
        }
    }

    /** The resource pattern a znode under the ACL trees stands for, if it is a resource's node. */
    static java.util.Optional<ResourcePattern> resourceOf(ChildData node) {
        if (node == null) {
            return java.util.Optional.empty();
        }
        String[] s = node.getPath().split("/");
        try {
            if (s.length == 4 && ("/" + s[1]).equals(ZkPaths.LITERAL_ACLS)) {
                return java.util.Optional.of(new ResourcePattern(SecurityUtils.resourceType(s[2]), s[3],
                        PatternType.LITERAL));
            }
            if (s.length == 5 && ("/" + s[1]).equals(ZkPaths.EXTENDED_ACLS) && s[2].equals("prefixed")) {
                return java.util.Optional.of(new ResourcePattern(SecurityUtils.resourceType(s[3]), s[4],
                        PatternType.PREFIXED));
            }
        } catch (IllegalArgumentException e) {
            LOG.warn("Ignoring ZooKeeper node {}: not a resource's ACLs ({})", node.getPath(), e.getMessage());
        }
        return java.util.Optional.empty();
    }

    @Override
    public void close() {
        caches.forEach(CuratorCache::close);
        events.shutdownNow();
    }
}

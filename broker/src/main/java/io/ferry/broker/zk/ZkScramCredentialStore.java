package io.ferry.broker.zk;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.kafka.common.security.scram.ScramCredential;
import org.apache.kafka.common.security.scram.internals.ScramCredentialUtils;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;
import org.apache.kafka.common.utils.Sanitizer;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.ferry.broker.security.ScramCredentialStore;

/**
 * SCRAM credentials of a cluster where Kafka's ZooKeeper mode kept them: {@code /config/users/<sanitized user>} holding
 * {@code {"version":1,"config":{"SCRAM-SHA-256":"salt=...,stored_key=...,server_key=...,iterations=N"}}} (other keys of
 * the entity, such as quotas, are kept). Each user's znode is updated by compare-and-set, so brokers changing the same
 * user at once do not lose either change; every broker watches the folder and reloads it on any change.
 */
public final class ZkScramCredentialStore implements ScramCredentialStore {

    private static final Logger LOG = LoggerFactory.getLogger(ZkScramCredentialStore.class);

    private final CuratorFramework client;
    private CuratorCache cache;
    private ExecutorService reloads;

    public ZkScramCredentialStore(CuratorFramework client) {
        this.client = client;
    }

    @Override
    public Map<String, Map<ScramMechanism, ScramCredential>> load() throws IOException {
        Map<String, Map<ScramMechanism, ScramCredential>> users = new TreeMap<>();
        try {
            if (client.checkExists().forPath(ZkPaths.USER_CONFIGS) == null) {
                return users;
            }
            for (String child : client.getChildren().forPath(ZkPaths.USER_CONFIGS)) {
                Map<ScramMechanism, ScramCredential> creds = new TreeMap<>();
                try {
                    ZkData.decodeConfig(client.getData().forPath(ZkPaths.userConfig(child))).forEach((k, v) -> {
                        ScramMechanism m = ScramMechanism.forMechanismName(k);
                        if (m != null) {
                            creds.put(m, ScramCredentialUtils.credentialFromString(v));
                        }
                    });
                } catch (KeeperException.NoNodeException deleted) {
                    continue;
                }
                if (!creds.isEmpty()) {
                    users.put(Sanitizer.desanitize(child), creds);
                }
            }
            return users;
        } catch (Exception e) {
            throw new IOException("Could not read SCRAM credentials from ZooKeeper: " + e.getMessage(), e);
        }
    }

    @Override
    public void apply(List<Change> changes) throws IOException {
        Map<String, List<Change>> byUser = new LinkedHashMap<>();
        changes.forEach(c -> byUser.computeIfAbsent(c.user(), u -> new java.util.ArrayList<>()).add(c));
        try {
            for (Map.Entry<String, List<Change>> e : byUser.entrySet()) {
                applyToUser(ZkPaths.userConfig(Sanitizer.sanitize(e.getKey())), e.getValue());
            }
        } catch (Exception e) {
            throw new IOException("Could not write SCRAM credentials to ZooKeeper: " + e.getMessage(), e);
        }
    }

    private void applyToUser(String path, List<Change> changes) throws Exception {
        ZkConfigNodes.update(client, path, config -> {
            for (Change c : changes) {
                if (c.credential() == null) {
                    config.remove(c.mechanism().mechanismName());
                } else {
                    config.put(c.mechanism().mechanismName(), ScramCredentialUtils.credentialToString(c.credential()));
                }
            }
            return config;
        });
    }

    @Override
    public synchronized void watch(Consumer<Map<String, Map<ScramMechanism, ScramCredential>>> listener) {
        reloads = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "zk-scram-credentials");
            t.setDaemon(true);
            return t;
        });
        cache = CuratorCache.build(client, ZkPaths.USER_CONFIGS);
        cache.listenable().addListener(CuratorCacheListener.builder()
                .forAll((type, oldData, data) -> reloads.execute(() -> reload(listener)))
                .afterInitialized().build());
        cache.start();
    }

    private void reload(Consumer<Map<String, Map<ScramMechanism, ScramCredential>>> listener) {
        try {
            listener.accept(load());
        } catch (IOException e) {
            LOG.warn("{}; keeping the credentials known so far", e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        if (cache != null) {
            cache.close();
            reloads.shutdownNow();
        }
    }
}

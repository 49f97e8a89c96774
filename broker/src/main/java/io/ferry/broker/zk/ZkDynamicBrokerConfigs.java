package io.ferry.broker.zk;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.kafka.common.KafkaException;

import io.ferry.broker.cluster.DynamicBrokerConfigs;

/**
 * Dynamic broker settings where Kafka's ZooKeeper mode kept them: {@code /config/brokers/<id>} and
 * {@code /config/brokers/<default>}, each {@code {"version":1,"config":{...}}}. Changes are compare-and-set; every
 * broker watches the folder, so a throttle set through one broker applies on all of them at once.
 */
public final class ZkDynamicBrokerConfigs implements DynamicBrokerConfigs, AutoCloseable {

    private final CuratorFramework client;
    private final CuratorCache cache;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    public ZkDynamicBrokerConfigs(CuratorFramework client) {
        this.client = client;
        this.cache = CuratorCache.build(client, ZkPaths.BROKER_CONFIGS);
        cache.listenable().addListener(CuratorCacheListener.builder()
                .forAll((type, oldData, data) -> listeners.forEach(Runnable::run)).build());
        cache.start();
    }

    @Override
    public Map<String, String> get(String broker) {
        return cache.get(ZkPaths.brokerConfig(broker)).map(ChildData::getData).filter(d -> d != null && d.length > 0)
                .map(ZkData::decodeConfig).orElse(Map.of());
    }

    @Override
    public void update(String broker, UnaryOperator<Map<String, String>> change) {
        String path = ZkPaths.brokerConfig(broker);
        try {
            ZkConfigNodes.update(client, path, change);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new KafkaException("Could not write " + path + " in ZooKeeper: " + e.getMessage(), e);
        }
    }

    @Override
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    @Override
    public void close() {
        cache.close();
    }
}

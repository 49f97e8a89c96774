package io.ferry.broker.cluster;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A single node's dynamic broker settings: in memory (a single node has no replication to throttle). */
public final class LocalDynamicBrokerConfigs implements DynamicBrokerConfigs {

    private final Map<String, Map<String, String>> configs = new ConcurrentHashMap<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    @Override
    public Map<String, String> get(String broker) {
        return configs.getOrDefault(broker, Map.of());
    }

    @Override
    public void update(String broker, java.util.function.UnaryOperator<Map<String, String>> change) {
        configs.compute(broker, (b, current) -> Map.copyOf(change.apply(current == null ? Map.of() : current)));
        listeners.forEach(Runnable::run);
    }

    @Override
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }
}

package io.ferry.testkit.driver;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkTaskContext;

/** The {@link SinkTaskContext} of a {@link SinkTaskDriver}: it keeps what the task asks for, for the driver to act on. */
final class SinkContext implements SinkTaskContext {

    private final Map<String, String> config;
    private final PluginMetrics pluginMetrics;
    private final ErrantRecords errantRecords = new ErrantRecords();
    private final Set<TopicPartition> paused = ConcurrentHashMap.newKeySet();
    private final Map<TopicPartition, Long> resets = new ConcurrentHashMap<>();
    private volatile Set<TopicPartition> assignment;
    private volatile boolean commitRequested;
    private volatile long timeoutMs = -1;

    SinkContext(Map<String, String> config, Set<TopicPartition> assignment, PluginMetrics pluginMetrics) {
        this.config = config;
        this.assignment = Collections.unmodifiableSet(new LinkedHashSet<>(assignment));
        this.pluginMetrics = pluginMetrics;
    }

    @Override
    public Map<String, String> configs() {
        return config;
    }

    @Override
    public void offset(Map<TopicPartition, Long> offsets) {
        resets.putAll(offsets);
    }

    @Override
    public void offset(TopicPartition tp, long offset) {
        resets.put(tp, offset);
    }

    @Override
    public void timeout(long timeoutMs) {
        this.timeoutMs = timeoutMs;
    }

    @Override
    public Set<TopicPartition> assignment() {
        return assignment;
    }

    @Override
    public void pause(TopicPartition... partitions) {
        checkAssigned(partitions);
        paused.addAll(Arrays.asList(partitions));
    }

    @Override
    public void resume(TopicPartition... partitions) {
        checkAssigned(partitions);
        Arrays.asList(partitions).forEach(paused::remove);
    }

    /** As Kafka's consumer does: pausing or resuming a partition not assigned is an error. */
    private void checkAssigned(TopicPartition... partitions) {
        for (TopicPartition tp : partitions) {
            if (!assignment.contains(tp)) {
                throw new IllegalStateException("No current assignment for partition " + tp);
            }
        }
    }

    @Override
    public void requestCommit() {
        commitRequested = true;
    }

    @Override
    public ErrantRecordReporter errantRecordReporter() {
        return errantRecords;
    }

    @Override
    public PluginMetrics pluginMetrics() {
        return pluginMetrics;
    }

    void assign(Set<TopicPartition> partitions) {
        assignment = Collections.unmodifiableSet(new LinkedHashSet<>(partitions));
        paused.retainAll(assignment);
    }

    Set<TopicPartition> paused() {
        return Set.copyOf(paused);
    }

    Map<TopicPartition, Long> resets() {
        return new HashMap<>(resets);
    }

    boolean commitRequested() {
        return commitRequested;
    }

    void takeCommitRequest() {
        commitRequested = false;
    }

    long timeoutMs() {
        return timeoutMs;
    }

    ErrantRecords errantRecords() {
        return errantRecords;
    }
}

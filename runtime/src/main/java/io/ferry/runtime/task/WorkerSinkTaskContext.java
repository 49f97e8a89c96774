package io.ferry.runtime.task;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.errors.IllegalWorkerStateException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkTaskContext;

/**
 * What a sink task can ask the worker. Requests (offset resets, pauses, commit) are recorded here
 * and carried out by the {@link SinkTaskRunner} on the task thread before its next poll.
 */
final class WorkerSinkTaskContext implements SinkTaskContext {

    private final Map<String, String> configs;
    private final ErrantRecordReporter errantRecordReporter;
    private final PluginMetrics pluginMetrics;
    private final Map<TopicPartition, Long> offsetResets = new ConcurrentHashMap<>();
    private final Set<TopicPartition> paused = ConcurrentHashMap.newKeySet();
    private volatile Set<TopicPartition> assignment = Set.of();
    private volatile long timeoutMs = -1;
    private volatile boolean commitRequested;

    WorkerSinkTaskContext(Map<String, String> configs, ErrantRecordReporter errantRecordReporter, PluginMetrics pluginMetrics) {
        this.configs = configs;
        this.errantRecordReporter = errantRecordReporter;
        this.pluginMetrics = pluginMetrics;
    }

    @Override
    public Map<String, String> configs() {
        return configs;
    }

    @Override
    public void offset(Map<TopicPartition, Long> offsets) {
        offsetResets.putAll(offsets);
    }

    @Override
    public void offset(TopicPartition tp, long offset) {
        offsetResets.put(tp, offset);
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
        List<TopicPartition> list = Arrays.asList(partitions);
        requireAssigned(list, "pause");
        paused.addAll(list);
    }

    @Override
    public void resume(TopicPartition... partitions) {
        List<TopicPartition> list = Arrays.asList(partitions);
        requireAssigned(list, "resume");
        list.forEach(paused::remove);
    }

    private void requireAssigned(List<TopicPartition> partitions, String what) {
        Set<TopicPartition> current = assignment;
        for (TopicPartition tp : partitions) {
            if (!current.contains(tp)) {
                throw new IllegalWorkerStateException("A sink task may only " + what + " partitions assigned to it; " + tp
                        + " is not (assignment: " + current + ")");
            }
        }
    }

    @Override
    public void requestCommit() {
        commitRequested = true;
    }

    @Override
    public ErrantRecordReporter errantRecordReporter() {
        return errantRecordReporter;
    }

    @Override
    public PluginMetrics pluginMetrics() {
        return pluginMetrics;
    }

    // ---- for the runner ----

    void assignment(Set<TopicPartition> assignment) {
        this.assignment = Set.copyOf(assignment);
        paused.retainAll(assignment);
    }

    Set<TopicPartition> pausedPartitions() {
        return paused;
    }

    /** Takes the offset resets of assigned partitions; others wait until they are assigned. */
    Map<TopicPartition, Long> takeOffsetResets(Set<TopicPartition> assigned) {
        Map<TopicPartition, Long> result = new HashMap<>();
        for (TopicPartition tp : assigned) {
            Long offset = offsetResets.remove(tp);
            if (offset != null) {
                result.put(tp, offset);
            }
        }
        return result;
    }

    /** The timeout the task set for redelivery, once (then reset), or -1. */
    long takeTimeout() {
        long timeout = timeoutMs;
        timeoutMs = -1;
        return timeout;
    }

    boolean takeCommitRequest() {
        boolean requested = commitRequested;
        commitRequested = false;
        return requested;
    }
}

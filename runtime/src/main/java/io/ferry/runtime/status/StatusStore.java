package io.ferry.runtime.status;

import io.ferry.runtime.security.Redactor;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The current status of every connector and task on this worker, in memory (a standalone worker
 * is the only writer; a distributed one will publish the same records to a status topic).
 * Thread-safe.
 */
public final class StatusStore {

    private final String workerId;
    private final Map<String, ConnectorStatus> connectors = new ConcurrentHashMap<>();
    private final Map<TaskId, TaskStatus> tasks = new ConcurrentSkipListMap<>();
    private final Map<String, Set<String>> activeTopics = new ConcurrentHashMap<>();
    private final AtomicLong activeTopicResets = new AtomicLong();

    /** @param workerId the id written into every status, e.g. {@code host:8083} */
    public StatusStore(String workerId) {
        this.workerId = workerId;
    }

    public String workerId() {
        return workerId;
    }

    /** Records the state of a connector; {@code failure} gives the trace of a {@link State#FAILED} one. */
    public void putConnector(String name, State state, Throwable failure) {
        connectors.put(name, new ConnectorStatus(name, state, traceOf(failure), workerId));
    }

    /** Records the state of a task; {@code failure} gives the trace of a {@link State#FAILED} one. */
    public void putTask(TaskId id, State state, Throwable failure) {
        tasks.put(id, new TaskStatus(id, state, traceOf(failure), workerId));
    }

    public Optional<ConnectorStatus> connector(String name) {
        return Optional.ofNullable(connectors.get(name));
    }

    public Optional<TaskStatus> task(TaskId id) {
        return Optional.ofNullable(tasks.get(id));
    }

    /** The statuses of the connector's tasks, by task number. */
    public List<TaskStatus> tasks(String connector) {
        List<TaskStatus> result = new ArrayList<>();
        for (TaskStatus status : tasks.values()) {
            if (status.id().connector().equals(connector)) {
                result.add(status);
            }
        }
        return result;
    }

    /** Forgets a task (its connector was reconfigured to fewer tasks, stopped or deleted). */
    public void removeTask(TaskId id) {
        tasks.remove(id);
    }

    /** Forgets a connector, all its tasks and its active topics. */
    public void removeConnector(String name) {
        connectors.remove(name);
        tasks.keySet().removeIf(id -> id.connector().equals(name));
        resetActiveTopics(name);
    }

    /** Records that a task of {@code connector} read or wrote {@code topic}. */
    public void addActiveTopic(String connector, String topic) {
        activeTopics.computeIfAbsent(connector, c -> ConcurrentHashMap.newKeySet()).add(topic);
    }

    /** The topics the connector's tasks have read or written since it was created or its topics were reset, sorted. */
    public Set<String> activeTopics(String connector) {
        return new TreeSet<>(activeTopics.getOrDefault(connector, Set.of()));
    }

    /** Forgets the connector's active topics; its tasks record them again as they use them. */
    public void resetActiveTopics(String connector) {
        activeTopics.remove(connector);
        activeTopicResets.incrementAndGet();
    }

    /** How many times active topics were reset: a task forgets which topics it reported when this changes. */
    public long activeTopicResets() {
        return activeTopicResets.get();
    }

    /** The stack trace of {@code failure} as text, or null. */
    public static String traceOf(Throwable failure) {
        if (failure == null) {
            return null;
        }
        StringWriter text = new StringWriter();
        failure.printStackTrace(new PrintWriter(text));
        return Redactor.text(text.toString());
    }
}

package io.ferry.runtime.task;

import io.ferry.runtime.status.StatusStore;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records the topics a task reads or writes as its connector's active topics
 * ({@code GET /connectors/{name}/topics}), telling the status store only about topics it has not
 * told it about since the last reset. Thread-safe.
 */
final class TopicTracker {

    private final StatusStore statuses;
    private final String connector;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private volatile long generation = -1;
    /** The topic of the last call: a task mostly writes one topic, and this is checked once per record. */
    private volatile String last;

    TopicTracker(StatusStore statuses, String connector) {
        this.statuses = statuses;
        this.connector = connector;
    }

    void record(String topic) {
        long current = statuses.activeTopicResets();
        if (current != generation) {
            seen.clear();
            generation = current;
        } else if (topic.equals(last)) {
            return;
        }
        last = topic;
        if (seen.add(topic)) {
            statuses.addActiveTopic(connector, topic);
        }
    }
}

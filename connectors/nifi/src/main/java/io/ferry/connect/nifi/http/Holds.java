package io.ferry.connect.nifi.http;

import io.ferry.connect.nifi.flowfile.FlowFile;
import io.ferry.connect.nifi.handoff.HeldBytes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FlowFiles received under the hold protocol, waiting for the sender's DELETE; dropped after a
 * timeout. At most {@code max} holds; each keeps its bytes reserved in the listener's budget until
 * it is dropped or its FlowFiles are stored.
 */
final class Holds implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Holds.class);

    /** A hold's FlowFiles and the bytes they keep reserved. */
    record Held(List<FlowFile> flowFiles, long bytes) {
    }

    private final Map<String, Held> held = new ConcurrentHashMap<>();
    private final Duration timeout;
    private final int max;
    private final HeldBytes budget;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "listen-http-holds");
        thread.setDaemon(true);
        return thread;
    });

    Holds(Duration timeout, int max, HeldBytes budget) {
        this.timeout = timeout;
        this.max = max;
        this.budget = budget;
    }

    /** Holds {@code flowFiles} (their {@code bytes} already reserved); returns the hold's id, or null if there are {@code max} holds. */
    String hold(List<FlowFile> flowFiles, long bytes) {
        if (held.size() >= max) {
            return null;
        }
        String id = UUID.randomUUID().toString();
        held.put(id, new Held(flowFiles, bytes));
        timer.schedule(() -> {
            Held dropped = held.remove(id);
            if (dropped != null) {
                budget.release(dropped.bytes());
                log.info("Hold {} was not confirmed within {} ms; its {} FlowFiles were dropped", id, timeout.toMillis(),
                        dropped.flowFiles().size());
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        return id;
    }

    /** Takes a hold (its bytes stay reserved), or null if it is unknown or expired. */
    Held release(String id) {
        return held.remove(id);
    }

    /** How many holds wait for confirmation. */
    int size() {
        return held.size();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        held.values().forEach(dropped -> budget.release(dropped.bytes()));
        held.clear();
    }
}

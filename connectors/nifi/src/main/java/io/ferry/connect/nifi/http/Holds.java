package io.ferry.connect.nifi.http;

import io.ferry.connect.nifi.flowfile.FlowFile;
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

/** FlowFiles received under the hold protocol, waiting for the sender's DELETE; dropped after a timeout. */
final class Holds implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Holds.class);

    private final Map<String, List<FlowFile>> held = new ConcurrentHashMap<>();
    private final Duration timeout;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "listen-http-holds");
        thread.setDaemon(true);
        return thread;
    });

    Holds(Duration timeout) {
        this.timeout = timeout;
    }

    /** Holds {@code flowFiles}; returns the hold's id. */
    String hold(List<FlowFile> flowFiles) {
        String id = UUID.randomUUID().toString();
        held.put(id, flowFiles);
        timer.schedule(() -> {
            List<FlowFile> dropped = held.remove(id);
            if (dropped != null) {
                log.info("Hold {} was not confirmed within {} ms; its {} FlowFiles were dropped", id, timeout.toMillis(), dropped.size());
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        return id;
    }

    /** Takes the FlowFiles of a hold, or null if it is unknown or expired. */
    List<FlowFile> release(String id) {
        return held.remove(id);
    }

    /** How many holds wait for confirmation. */
    int size() {
        return held.size();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        held.clear();
    }
}

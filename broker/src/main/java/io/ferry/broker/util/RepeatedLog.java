package io.ferry.broker.util;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * A log for events a client can repeat at will (malformed frames, unsupported versions, denied requests): the first
 * event of each kind from each client in an interval is logged as it comes; the others are counted and summed up in
 * one line when the interval is over ({@link #flush}, run periodically and by the first event of a new interval). So one
 * misbehaving client writes a few lines per interval however fast it misbehaves. At most {@code maxKeys} clients are
 * tracked at once; beyond that, events share one "other clients" entry.
 */
public final class RepeatedLog {

    private static final String OVERFLOW = "other clients";

    private final Logger logger;
    private final long intervalMs;
    private final int maxKeys;
    private final LongSupplier clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private volatile long lastFlushMs;

    private static final class Window {
        final long startMs;
        final Level level;
        int suppressed;
        String last;

        Window(long startMs, Level level) {
            this.startMs = startMs;
            this.level = level;
        }
    }

    public RepeatedLog(Logger logger, long intervalMs, int maxKeys, LongSupplier clock) {
        this.logger = logger;
        this.intervalMs = intervalMs;
        this.maxKeys = maxKeys;
        this.clock = clock;
    }

    public Logger logger() {
        return logger;
    }

    /**
     * Logs {@code message} at {@code level} unless an event of the same {@code kind} from {@code client} was already
     * logged in the current interval, in which case it is only counted.
     */
    public void log(Level level, String client, String kind, String message) {
        log(level, client, kind, message, null);
    }

    /** The same with the cause of an unexpected failure: its stack trace goes with the first event only. */
    public void log(Level level, String client, String kind, String message, Throwable cause) {
        if (!logger.isEnabledForLevel(level)) {
            return;
        }
        String key = client + " (" + kind + ")";
        if (!windows.containsKey(key) && windows.size() >= maxKeys) {
            key = OVERFLOW + " (" + kind + ")";
        }
        long now = clock.getAsLong();
        if (now - lastFlushMs >= intervalMs) {
            flush();
        }
        boolean first;
        Window ended = null;
        Window w;
        synchronized (windows) {
            w = windows.get(key);
            if (w != null && now - w.startMs >= intervalMs) {
                ended = w;
                w = null;
            }
            first = w == null;
            if (first) {
                windows.put(key, new Window(now, level));
            } else {
                w.suppressed++;
                w.last = message;
            }
        }
        if (ended != null) {
            summarise(key, ended);
        }
        if (first) {
            logger.atLevel(level).setCause(cause).log(message);
        }
    }

    /** Sums up and forgets every interval that is over. */
    public void flush() {
        long now = clock.getAsLong();
        lastFlushMs = now;
        Map<String, Window> ended = new java.util.LinkedHashMap<>();
        synchronized (windows) {
            Iterator<Map.Entry<String, Window>> it = windows.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<String, Window> e = it.next();
                if (now - e.getValue().startMs >= intervalMs) {
                    it.remove();
                    ended.put(e.getKey(), e.getValue());
                }
            }
        }
        ended.forEach(this::summarise);
    }

    private void summarise(String key, Window w) {
        if (w.suppressed > 0) {
            logger.atLevel(w.level).log("{} more like this from {} in the last {} s, the last: {}", w.suppressed,
                    key, Math.max(1, intervalMs / 1000), w.last);
        }
    }
}

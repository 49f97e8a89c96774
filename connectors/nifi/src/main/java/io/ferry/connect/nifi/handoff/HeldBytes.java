package io.ferry.connect.nifi.handoff;

import io.ferry.connect.nifi.flowfile.FlowFile;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A budget of memory held for senders (FlowFiles received and not yet stored), shared by every
 * transaction of a listener: a reservation beyond it is refused and the sender gets NiFi's
 * back-pressure answer. Thread-safe.
 */
public final class HeldBytes {

    /** What one FlowFile costs beyond its content and attribute text (object headers, map entries). */
    private static final int OVERHEAD = 64;

    private final long max;
    private final String key;
    private final AtomicLong held = new AtomicLong();

    /**
     * @param max the most bytes held at once
     * @param key the configuration key of {@code max}, for messages
     */
    public HeldBytes(long max, String key) {
        this.max = max;
        this.key = key;
    }

    /** Roughly the heap a FlowFile takes: its content, its attribute text (two bytes a char) and an overhead. */
    public static long of(FlowFile flowFile) {
        long bytes = flowFile.size() + OVERHEAD;
        for (Map.Entry<String, String> attribute : flowFile.attributes().entrySet()) {
            bytes += 2L * (attribute.getKey().length() + (attribute.getValue() == null ? 0 : attribute.getValue().length())) + OVERHEAD;
        }
        return bytes;
    }

    /** Reserves {@code bytes}; false (nothing reserved) if that would go over the budget. */
    public boolean tryReserve(long bytes) {
        while (true) {
            long now = held.get();
            if (now + bytes > max) {
                return false;
            }
            if (held.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    public void release(long bytes) {
        held.addAndGet(-bytes);
    }

    public long held() {
        return held.get();
    }

    /** Why a reservation was refused, naming the key. */
    public String fullMessage() {
        return "The listener holds " + held.get() + " bytes of unconfirmed FlowFiles, the most " + key + " (" + max
                + ") allows; try again later";
    }
}

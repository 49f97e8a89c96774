package io.ferry.broker.network;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Kafka's {@code queued.max.request.bytes}: the bytes of requests read but not yet answered, over every connection.
 * While they exceed the limit, a connection that reads a request stops reading its socket; all resume once answers
 * bring the total back under the limit. A single request larger than the limit is still served (as Kafka's memory
 * pool lets one allocation overshoot). A limit of 0 or less (Kafka's default -1) means no bound.
 */
final class RequestBytesBudget {

    /** A connection that can stop and resume reading. */
    interface Reader {
        void pauseReading();

        void resumeReading();
    }

    private final long limit;
    private final AtomicLong inFlight = new AtomicLong();
    private final Set<Reader> paused = ConcurrentHashMap.newKeySet();

    RequestBytesBudget(long limit) {
        this.limit = limit;
    }

    /** A request of {@code bytes} was read by {@code reader}; it pauses if the total is now over the limit. */
    void acquire(Reader reader, int bytes) {
        if (limit <= 0) {
            return;
        }
        if (inFlight.addAndGet(bytes) > limit) {
            paused.add(reader);
            reader.pauseReading();
            if (inFlight.get() <= limit) {
                resumeAll(); // answers went out meanwhile
            }
        }
    }

    /** A request of {@code bytes} was answered (or its connection closed). */
    void release(int bytes) {
        if (limit <= 0) {
            return;
        }
        if (inFlight.addAndGet(-bytes) <= limit && !paused.isEmpty()) {
            resumeAll();
        }
    }

    /** A closed connection is never resumed. */
    void forget(Reader reader) {
        paused.remove(reader);
    }

    private void resumeAll() {
        for (Reader r : paused) {
            if (paused.remove(r)) {
                r.resumeReading();
            }
        }
    }

    long inFlight() {
        return inFlight.get();
    }
}

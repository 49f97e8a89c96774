package io.ferry.broker.partition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.protocol.Errors;

/**
 * acks=all produces waiting for the high watermark to pass their last offset, in offset order. Completed outside the
 * partition lock by the caller with what {@link #release} returns.
 */
final class CommitWaiters {

    private final TreeMap<Long, List<CompletableFuture<Errors>>> byOffset = new TreeMap<>();

    /** A future completed once the high watermark reaches {@code requiredOffset} (last offset + 1). */
    CompletableFuture<Errors> add(long requiredOffset) {
        CompletableFuture<Errors> f = new CompletableFuture<>();
        byOffset.computeIfAbsent(requiredOffset, k -> new ArrayList<>()).add(f);
        return f;
    }

    /** Removes and returns the waiters satisfied by {@code highWatermark}. */
    List<CompletableFuture<Errors>> release(long highWatermark) {
        if (byOffset.isEmpty() || byOffset.firstKey() > highWatermark) {
            return List.of();
        }
        Map<Long, List<CompletableFuture<Errors>>> head = byOffset.headMap(highWatermark, true);
        List<CompletableFuture<Errors>> out = new ArrayList<>();
        head.values().forEach(out::addAll);
        head.clear();
        return out;
    }

    /** Removes and returns every waiter (leadership lost). */
    List<CompletableFuture<Errors>> releaseAll() {
        List<CompletableFuture<Errors>> out = new ArrayList<>();
        byOffset.values().forEach(out::addAll);
        byOffset.clear();
        return out;
    }
}

package io.ferry.broker.partition;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Long polling: parks a fetch until {@code ready} holds after an append to one of its partitions, or its maximum
 * wait runs out. Completion happens once, on whichever comes first.
 */
public final class FetchWaiters {

    private final ScheduledExecutorService timer;

    public FetchWaiters(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /** Completes when {@code ready} becomes true or after {@code maxWaitMs}. */
    public CompletableFuture<Void> await(List<Partition> partitions, long maxWaitMs, BooleanSupplier ready) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Runnable check = () -> {
            if (!done.isDone() && ready.getAsBoolean()) {
                done.complete(null);
            }
        };
        for (Partition p : partitions) {
            p.addAppendListener(check);
        }
        ScheduledFuture<?> timeout = timer.schedule(() -> done.complete(null), maxWaitMs, TimeUnit.MILLISECONDS);
        done.whenComplete((v, t) -> {
            timeout.cancel(false);
            for (Partition p : partitions) {
                p.removeAppendListener(check);
            }
        });
        // Data may have arrived between the caller's first read and the registration above.
        check.run();
        return done;
    }
}

package io.ferry.broker.zk;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Callers waiting for the metadata view to reach a condition (a new topic's leaders, a deleted topic gone): the
 * view's thread {@link #signal() signals} after every update, which completes the waiters whose condition holds.
 */
final class ViewWaiters {

    private record Waiter(BooleanSupplier condition, CompletableFuture<Void> done) {
    }

    private final List<Waiter> waiters = new CopyOnWriteArrayList<>();

    /** Waits until {@code condition} holds, at most {@code timeout}; returns whether it does. */
    boolean await(BooleanSupplier condition, Duration timeout) {
        Waiter w = new Waiter(condition, new CompletableFuture<>());
        waiters.add(w);
        try {
            if (condition.getAsBoolean()) {
                return true;
            }
            w.done().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return condition.getAsBoolean();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return condition.getAsBoolean();
        } catch (ExecutionException e) {
            return condition.getAsBoolean();
        } finally {
            waiters.remove(w);
        }
    }

    /** Completes every waiter whose condition now holds (called by the view's thread after each update). */
    void signal() {
        for (Waiter w : waiters) {
            if (!w.done().isDone() && w.condition().getAsBoolean()) {
                w.done().complete(null);
            }
        }
    }
}

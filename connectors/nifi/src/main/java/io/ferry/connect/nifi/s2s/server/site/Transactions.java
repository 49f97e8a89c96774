package io.ferry.connect.nifi.s2s.server.site;

import io.ferry.connect.nifi.handoff.HeldBytes;
import java.time.Duration;
import java.util.ArrayList;
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
 * The open transactions of a site (at most {@link SiteLimits#maxTransactions()}, give or take
 * concurrent creations), the bytes its input transactions hold, and the timer that expires
 * abandoned ones.
 */
final class Transactions implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Transactions.class);

    private final Map<String, Transaction> open = new ConcurrentHashMap<>();
    private final long ttlNanos;
    private final ScheduledExecutorService timer;
    private final int maxOpen;
    private final HeldBytes held;

    Transactions(Duration ttl, String name, SiteLimits limits) {
        this.ttlNanos = ttl.toNanos();
        this.maxOpen = limits.maxTransactions();
        this.held = new HeldBytes(limits.maxHeldBytes(), SiteLimits.HELD_MAX_BYTES_KEY);
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(100, Math.min(1000, ttl.toMillis() / 4));
        timer.scheduleWithFixedDelay(this::expireIdle, period, period, TimeUnit.MILLISECONDS);
    }

    /** How long a transaction may be idle; also how long a sender may stay silent in the middle of a request. */
    Duration ttl() {
        return Duration.ofNanos(ttlNanos);
    }

    /** Whether the site holds as many open transactions as it may (new ones get 503). */
    boolean full() {
        return open.size() >= maxOpen;
    }

    /** Why a new transaction is refused, naming the key. */
    String fullMessage() {
        return "The site holds " + open.size() + " open transactions, the most " + SiteLimits.TRANSACTIONS_MAX_KEY + " (" + maxOpen
                + ") allows; try again later";
    }

    /** The bytes held by the site's input transactions. */
    HeldBytes held() {
        return held;
    }

    InboundTransaction openInbound(String portId) {
        InboundTransaction transaction = new InboundTransaction(UUID.randomUUID().toString(), portId, held);
        open.put(transaction.id(), transaction);
        return transaction;
    }

    OutboundTransaction openOutbound(String portId) {
        OutboundTransaction transaction = new OutboundTransaction(UUID.randomUUID().toString(), portId);
        open.put(transaction.id(), transaction);
        return transaction;
    }

    /** The open transaction with this id, or null. */
    Transaction get(String id) {
        Transaction transaction = open.get(id);
        return transaction == null || transaction.finished() ? null : transaction;
    }

    /** Forgets a transaction that finished (committed, cancelled or failed). */
    void remove(Transaction transaction) {
        open.remove(transaction.id(), transaction);
    }

    /** Finishes and discards a transaction (rolled back); false if it had finished already. */
    boolean abort(Transaction transaction) {
        boolean aborted = transaction.finish();
        if (aborted) {
            transaction.discard();
        }
        remove(transaction);
        return aborted;
    }

    int size() {
        return open.size();
    }

    void expireIdle() {
        long now = System.nanoTime();
        for (Transaction transaction : open.values()) {
            try {
                if (transaction.expireIfIdle(now, ttlNanos)) {
                    String held = transaction.describe();
                    transaction.discard();
                    open.remove(transaction.id(), transaction);
                    log.info("Expired abandoned {} transaction {} on port {} ({})",
                            transaction.input() ? "input" : "output", transaction.id(), transaction.portId(), held);
                } else if (transaction.finished()) {
                    open.remove(transaction.id(), transaction);
                }
            } catch (RuntimeException e) {
                log.warn("Cannot expire transaction {}: {}", transaction.id(), e.toString());
            }
        }
    }

    /** Stops the timer and discards every open transaction. */
    @Override
    public void close() {
        timer.shutdownNow();
        List<Transaction> remaining = new ArrayList<>(open.values());
        remaining.forEach(this::abort);
    }
}

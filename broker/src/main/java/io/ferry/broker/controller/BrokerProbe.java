package io.ferry.broker.controller;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices a crashed broker before its ZooKeeper session expires: the active controller connects to each live broker's
 * listener every interval, and after {@value #REFUSALS} consecutive refused connections (nothing listens on that port:
 * the process is gone, the host is up) it reports the broker unreachable, and reachable again once a connection
 * succeeds. A timeout proves nothing (a slow or partitioned host) and changes nothing: then the ZooKeeper session
 * decides, as in Kafka. Runs on its own thread; reports go to the controller's event queue.
 */
final class BrokerProbe implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerProbe.class);
    static final int REFUSALS = 3;

    private final int self;
    private final long intervalMs;
    private final BiConsumer<Integer, Boolean> report;
    private final Map<Integer, InetSocketAddress> targets = new ConcurrentHashMap<>();
    private final Map<Integer, Integer> refusals = new HashMap<>();
    private final Set<Integer> reportedUnreachable = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService thread;

    /** @param report called with (broker, reachable) when a broker turns unreachable or reachable again */
    BrokerProbe(int self, long intervalMs, BiConsumer<Integer, Boolean> report) {
        this.self = self;
        this.intervalMs = intervalMs;
        this.report = report;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ferry-controller-probe-" + self);
            t.setDaemon(true);
            return t;
        });
        thread.scheduleWithFixedDelay(this::probeAll, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    /** The live brokers and their listeners (replaces the previous set). */
    void targets(Map<Integer, InetSocketAddress> live) {
        targets.keySet().retainAll(live.keySet());
        targets.putAll(live);
        reportedUnreachable.retainAll(live.keySet());
    }

    private void probeAll() {
        for (Map.Entry<Integer, InetSocketAddress> e : targets.entrySet()) {
            int broker = e.getKey();
            if (broker == self) {
                continue;
            }
            Boolean refused = refused(e.getValue());
            if (refused == null) {
                continue;
            }
            if (refused) {
                int n = refusals.merge(broker, 1, Integer::sum);
                if (n >= REFUSALS && reportedUnreachable.add(broker)) {
                    LOG.warn("Broker {} refuses connections at {} ({} times in a row): treating it as down before "
                            + "its ZooKeeper session ends", broker, e.getValue(), n);
                    report.accept(broker, false);
                }
            } else {
                refusals.remove(broker);
                if (reportedUnreachable.remove(broker)) {
                    LOG.info("Broker {} accepts connections at {} again", broker, e.getValue());
                    report.accept(broker, true);
                }
            }
        }
    }

    /** True when the connection was refused, false when it succeeded, null when inconclusive (a timeout). */
    private Boolean refused(InetSocketAddress address) {
        try (Socket s = new Socket()) {
            s.connect(address, (int) Math.max(100, intervalMs));
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}

package io.ferry.broker.network;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.channel.Channel;

/**
 * Kafka's connection quotas: {@code max.connections.per.ip} (with {@code max.connections.per.ip.overrides} by
 * address) closes a connection over its address's limit as soon as it is accepted; {@code max.connections} stops
 * accepting on every listener while the broker holds that many connections (new clients wait in the listen backlog,
 * as Kafka's acceptor waits), and closes the few a batch of accepts let in beyond it.
 */
final class ConnectionLimits {

    /** The limits; {@code perIpOverrides} maps an address to its own limit. */
    record Settings(int maxConnections, int maxPerIp, Map<InetAddress, Integer> perIpOverrides) {

        static final Settings NONE = new Settings(Integer.MAX_VALUE, Integer.MAX_VALUE, Map.of());

        int limitFor(InetAddress address) {
            return perIpOverrides.getOrDefault(address, maxPerIp);
        }
    }

    /** Why a connection was refused, or null when it may stay. */
    record Refusal(String kind, String reason) {
    }

    private final Settings settings;
    private final Map<InetAddress, AtomicInteger> perIp = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private volatile List<Channel> acceptors = List.of();

    ConnectionLimits(Settings settings) {
        this.settings = settings;
    }

    /** The listening channels, paused and resumed as a whole against {@code max.connections}. */
    void acceptors(List<Channel> serverChannels) {
        this.acceptors = List.copyOf(serverChannels);
    }

    /**
     * Counts a newly accepted connection from {@code address}; null if it may stay, else why it must be closed (it
     * is not counted then).
     */
    Refusal opened(InetAddress address) {
        AtomicInteger count = perIp.computeIfAbsent(address, a -> new AtomicInteger());
        int limit = settings.limitFor(address);
        if (count.incrementAndGet() > limit) {
            release(address, count);
            return new Refusal("too many connections from one address", "address " + address.getHostAddress()
                    + " already has the configured maximum of " + limit + " connections (max.connections.per.ip)");
        }
        int now = total.incrementAndGet();
        if (now > settings.maxConnections()) {
            total.decrementAndGet();
            release(address, count);
            return new Refusal("too many connections", "the broker already has the configured maximum of "
                    + settings.maxConnections() + " connections (max.connections)");
        }
        if (now >= settings.maxConnections()) {
            acceptors.forEach(ch -> ch.config().setAutoRead(false));
        }
        return null;
    }

    /** A counted connection closed. */
    void closed(InetAddress address) {
        AtomicInteger count = perIp.get(address);
        if (count != null) {
            release(address, count);
        }
        if (total.decrementAndGet() < settings.maxConnections()) {
            acceptors.forEach(ch -> {
                if (!ch.config().isAutoRead()) {
                    ch.config().setAutoRead(true);
                }
            });
        }
    }

    private void release(InetAddress address, AtomicInteger count) {
        if (count.decrementAndGet() <= 0) {
            perIp.remove(address, count);
        }
    }

    int total() {
        return total.get();
    }
}

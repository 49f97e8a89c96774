package io.ferry.runtime.rest.security;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Failed authentication attempts per client address: once an address has made
 * {@link AuthLimits#maxFailures} within {@link AuthLimits#failureWindowMs} (counted from its first
 * failure), it is refused until the window ends, without the costly password check. IPv6 clients
 * are counted per /64 (one host usually has a whole /64). At most {@value #MAX_ADDRESSES} addresses
 * are tracked (the oldest window is forgotten first). Thread-safe.
 */
final class FailureLimiter {

    static final int MAX_ADDRESSES = 10_000;

    private static final class Window {
        final long start;
        int failures;

        Window(long start) {
            this.start = start;
        }
    }

    final int maxFailures;
    private final long windowMs;
    private final Map<String, Window> windows = new LinkedHashMap<>();

    FailureLimiter(AuthLimits limits) {
        this.maxFailures = limits.maxFailures();
        this.windowMs = limits.failureWindowMs();
    }

    /** Milliseconds until {@code address} may try again, or 0 if it may now. */
    synchronized long blockedForMs(String address, long nowMs) {
        Window window = windows.get(key(address));
        if (window == null || window.failures < maxFailures) {
            return 0;
        }
        long left = window.start + windowMs - nowMs;
        return Math.max(0, left);
    }

    /** Counts a failed attempt of {@code address}; true if it has just reached the limit. */
    synchronized boolean failed(String address, long nowMs) {
        String key = key(address);
        Window window = windows.get(key);
        if (window == null || nowMs - window.start >= windowMs) {
            windows.remove(key);
            window = new Window(nowMs);
            windows.put(key, window);
            evict(nowMs);
        }
        window.failures++;
        return window.failures == maxFailures;
    }

    /** Forgets ended windows; if still too many, the oldest ones. */
    private void evict(long nowMs) {
        if (windows.size() <= MAX_ADDRESSES) {
            return;
        }
        windows.values().removeIf(w -> nowMs - w.start >= windowMs);
        Iterator<Window> oldest = windows.values().iterator();
        while (windows.size() > MAX_ADDRESSES && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
        }
    }

    synchronized int tracked() {
        return windows.size();
    }

    /** The address, or for IPv6 its /64 prefix. */
    static String key(String address) {
        if (address == null || address.indexOf(':') < 0) {
            return String.valueOf(address);
        }
        try {
            InetAddress parsed = InetAddress.getByName(address.startsWith("[") ? address.substring(1, address.length() - 1) : address);
            if (parsed instanceof Inet6Address) {
                return InetAddress.getByAddress(Arrays.copyOf(Arrays.copyOf(parsed.getAddress(), 8), 16)).getHostAddress() + "/64";
            }
            return parsed.getHostAddress();
        } catch (UnknownHostException e) {
            return address;
        }
    }
}

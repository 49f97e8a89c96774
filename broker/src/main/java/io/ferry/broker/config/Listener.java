package io.ferry.broker.config;

import java.util.Locale;

import org.apache.kafka.common.config.ConfigException;

/**
 * One entry of {@code listeners} or {@code advertised.listeners}: {@code NAME://host:port}. An empty host means
 * every interface when listening; a port of 0 picks a free port. The name maps to a security protocol through
 * {@code listener.security.protocol.map} (checked by {@link BrokerConfig}).
 */
public record Listener(String name, String host, int port) {

    public static Listener parse(String key, String value) {
        String v = value.trim();
        int sep = v.indexOf("://");
        int colon = v.lastIndexOf(':');
        if (sep <= 0 || colon <= sep + 2) {
            throw new ConfigException(key, value, "expected NAME://host:port, e.g. PLAINTEXT://localhost:9092");
        }
        String name = v.substring(0, sep).toUpperCase(Locale.ROOT);
        String host = v.substring(sep + 3, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(v.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new ConfigException(key, value, "the port must be a number between 0 and 65535");
        }
        if (port < 0 || port > 65535) {
            throw new ConfigException(key, value, "the port must be a number between 0 and 65535");
        }
        return new Listener(name, host, port);
    }
}

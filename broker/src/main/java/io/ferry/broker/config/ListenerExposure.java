package io.ferry.broker.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.security.auth.SecurityProtocol;

/**
 * Ferry's safer default than Kafka's: a listener that lets anyone in without authentication (PLAINTEXT, or SSL without
 * {@code ssl.client.auth=required}) may listen beyond loopback only when {@value #OPT_IN} is true, and then every
 * start warns about it. Loopback listeners (the shipped configs' {@code localhost}) need nothing.
 */
public final class ListenerExposure {

    public static final String OPT_IN = "allow.unauthenticated.remote.listeners";

    private ListenerExposure() {
    }

    /**
     * The listeners open to other hosts without authentication, as {@code NAME://host:port}, after checking that the
     * operator opted in to them.
     *
     * @throws ConfigException naming the listener and the ways out when there is one and no opt-in
     */
    public static List<String> check(BrokerConfig config) {
        List<String> open = new ArrayList<>();
        for (String value : config.listeners()) {
            Listener l = Listener.parse(BrokerConfig.LISTENERS, value);
            if (!authenticates(config, l.name()) && !isLoopback(l.host())) {
                open.add(value.trim());
            }
        }
        if (!open.isEmpty() && !config.getBoolean(OPT_IN)) {
            throw new ConfigException(BrokerConfig.LISTENERS, String.join(",", open), "these listeners would let any "
                    + "host in without authentication; bind them to localhost, use SASL_PLAINTEXT, SASL_SSL or SSL "
                    + "with ssl.client.auth=required, or accept the exposure with " + OPT_IN + "=true");
        }
        return open;
    }

    private static boolean authenticates(BrokerConfig config, String listener) {
        SecurityProtocol protocol = config.securityProtocol(listener);
        return switch (protocol) {
            case SASL_PLAINTEXT, SASL_SSL -> true;
            case SSL -> "required".equalsIgnoreCase(String.valueOf(config.listenerValues(listener)
                    .get("ssl.client.auth")));
            default -> false;
        };
    }

    private static boolean isLoopback(String host) {
        if (host.isEmpty()) {
            return false; // every interface
        }
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}

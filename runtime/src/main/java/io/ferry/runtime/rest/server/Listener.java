package io.ferry.runtime.rest.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * One REST listener: {@code http://host:port} or {@code https://host:port}. An empty host
 * ({@code http://:8083}), {@code 0.0.0.0} or {@code [::]} means every interface; port 0 means any
 * free port.
 *
 * @param text   the listener as configured
 * @param secure whether it is {@code https}
 * @param host   the host to bind, or "" for every interface
 * @param port   the port (0: any free port)
 */
public record Listener(String text, boolean secure, String host, int port) {

    /**
     * @throws IllegalArgumentException saying what is wrong with {@code text}
     */
    public static Listener parse(String text) {
        String value = text.trim();
        int schemeEnd = value.indexOf("://");
        if (schemeEnd < 0) {
            throw new IllegalArgumentException("'" + value + "' is not http://host:port or https://host:port");
        }
        String scheme = value.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("'" + value + "' has the protocol '" + scheme + "'; use http or https");
        }
        String hostPort = value.substring(schemeEnd + 3);
        if (hostPort.endsWith("/")) {
            hostPort = hostPort.substring(0, hostPort.length() - 1);
        }
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0 || (hostPort.startsWith("[") && colon < hostPort.indexOf(']'))) {
            throw new IllegalArgumentException("'" + value + "' has no port (http://host:port)");
        }
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + value + "' has an invalid port '" + hostPort.substring(colon + 1) + "'");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("'" + value + "' has a port out of range: " + port);
        }
        return new Listener(value, scheme.equals("https"), host, port);
    }

    /** Whether the listener binds every interface rather than one host. */
    public boolean wildcard() {
        return host.isEmpty() || host.equals("0.0.0.0") || host.equals("::") || host.equals("0:0:0:0:0:0:0:0");
    }

    /**
     * Whether only this machine can reach the listener: its host resolves to loopback addresses only.
     *
     * @throws IllegalArgumentException if the host cannot be resolved
     */
    public boolean loopbackOnly() {
        if (wildcard()) {
            return false;
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "': unknown host '" + host + "'");
        }
    }

    /** The host to bind (null: every interface). */
    public String bindHost() {
        return wildcard() ? null : host;
    }

    public String scheme() {
        return secure ? "https" : "http";
    }

    @Override
    public String toString() {
        return text;
    }
}

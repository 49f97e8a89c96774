package io.ferry.connect.nifi.s2s.server.site;

import io.ferry.connect.nifi.http.HttpServers;
import io.ferry.connect.nifi.http.TlsSettings;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * How a site listens and presents itself. Connectors share a site when their listeners are equal;
 * they must then agree on every other setting too.
 *
 * @param listener        {@code http://host:port} or {@code https://host:port}; an empty host or
 *                        0.0.0.0 listens on every interface; port 0 picks a free port
 * @param advertisedHost  the host name peers are told to use (null: the listener's, or this machine's name)
 * @param advertisedPort  the port peers are told to use (0: the port actually listened on)
 * @param transactionTtlSeconds how long an idle transaction lives (at least 2)
 * @param tls             HTTPS settings, null for http
 * @param limits          what the site holds at most
 */
public record SiteSettings(URI listener, String advertisedHost, int advertisedPort, int transactionTtlSeconds, TlsSettings tls,
                           SiteLimits limits) {

    public SiteSettings {
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(limits, "limits");
        if (transactionTtlSeconds < 2) {
            throw new IllegalArgumentException("The transaction TTL must be at least 2 seconds, not " + transactionTtlSeconds);
        }
        if (secure(listener) && tls == null) {
            throw new IllegalArgumentException("An https listener needs a keystore");
        }
    }

    /** See {@link HttpServers#parseListener}. */
    public static URI parseListener(String value) {
        return HttpServers.parseListener(value);
    }

    /** The key connectors share a site by: scheme, host and port as configured. */
    public String key() {
        return listener.toString();
    }

    public boolean secure() {
        return secure(listener);
    }

    /** The host to bind, or null for every interface. */
    public String bindHost() {
        return HttpServers.bindHost(listener);
    }

    public int bindPort() {
        return HttpServers.bindPort(listener);
    }

    /** The host name to advertise to peers. */
    public String effectiveAdvertisedHost() {
        if (advertisedHost != null && !advertisedHost.isBlank()) {
            return advertisedHost;
        }
        String bind = bindHost();
        if (bind != null) {
            return bind;
        }
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    private static boolean secure(URI listener) {
        return "https".equals(listener.getScheme());
    }
}

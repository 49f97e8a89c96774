package io.ferry.connect.nifi.http;

import java.net.URI;
import java.util.Locale;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** Embedded Jetty servers for the plugin's listeners: one connector, HTTP or HTTPS, daemon threads. */
public final class HttpServers {

    /** How long a connection may stay silent: longer than any answer held for Kafka's acknowledgement. */
    private static final long IDLE_TIMEOUT_MS = 120_000;

    private HttpServers() {
    }

    /**
     * Parses a listener URL ({@code http://localhost:8081}, {@code https://:8443}; a path is ignored).
     *
     * @throws IllegalArgumentException if it is not an http(s) URL with a port
     */
    public static URI parseListener(String value) {
        URI uri;
        try {
            uri = URI.create(value.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + value + "' is not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("'" + value + "' must start with http:// or https://");
        }
        String authority = uri.getRawAuthority() == null ? "" : uri.getRawAuthority();
        int colon = authority.lastIndexOf(':');
        if (colon < 0 || colon == authority.length() - 1) {
            throw new IllegalArgumentException("'" + value + "' must name a port, e.g. " + scheme + "://localhost:8081");
        }
        int port;
        try {
            port = Integer.parseInt(authority.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + value + "' has an invalid port");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("'" + value + "' has a port out of range");
        }
        return URI.create(scheme + "://" + authority.substring(0, colon) + ":" + port);
    }

    /** The host of a parsed listener to bind, or null for every interface (empty host or 0.0.0.0). */
    public static String bindHost(URI listener) {
        String authority = listener.getRawAuthority();
        String host = authority.substring(0, authority.lastIndexOf(':'));
        return host.isEmpty() || host.equals("0.0.0.0") ? null : host;
    }

    public static int bindPort(URI listener) {
        String authority = listener.getRawAuthority();
        return Integer.parseInt(authority.substring(authority.lastIndexOf(':') + 1));
    }

    /** A server (not started) listening on {@code listener}, with TLS when {@code tls} is not null. */
    public static Server create(URI listener, TlsSettings tls, String threadName, Handler handler) {
        QueuedThreadPool threads = new QueuedThreadPool(200, 4);
        threads.setName(threadName);
        threads.setDaemon(true);
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector connector;
        if (tls != null) {
            http.addCustomizer(new SecureRequestCustomizer(false));
            connector = new ServerConnector(server, new SslConnectionFactory(sslContextFactory(tls), HttpVersion.HTTP_1_1.asString()),
                    new HttpConnectionFactory(http));
        } else {
            connector = new ServerConnector(server, new HttpConnectionFactory(http));
        }
        connector.setHost(bindHost(listener));
        connector.setPort(bindPort(listener));
        connector.setIdleTimeout(IDLE_TIMEOUT_MS);
        server.addConnector(connector);
        server.setHandler(handler);
        server.setStopTimeout(2_000);
        return server;
    }

    /** The port a started server listens on. */
    public static int localPort(Server server) {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    private static SslContextFactory.Server sslContextFactory(TlsSettings tls) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStorePath(tls.keystoreLocation());
        ssl.setKeyStoreType(tls.keystoreType());
        if (tls.keystorePassword() != null) {
            ssl.setKeyStorePassword(tls.keystorePassword());
        }
        if (tls.keyPassword() != null) {
            ssl.setKeyManagerPassword(tls.keyPassword());
        }
        if (tls.truststoreLocation() != null) {
            ssl.setTrustStorePath(tls.truststoreLocation());
            ssl.setTrustStoreType(tls.truststoreType());
            if (tls.truststorePassword() != null) {
                ssl.setTrustStorePassword(tls.truststorePassword());
            }
        }
        switch (tls.clientAuth()) {
            case REQUIRED -> ssl.setNeedClientAuth(true);
            case REQUESTED -> ssl.setWantClientAuth(true);
            case NONE -> { }
        }
        return ssl;
    }
}

package io.ferry.runtime.rest;

import io.ferry.runtime.rest.metrics.PrometheusMetrics;
import io.ferry.runtime.rest.resources.ConnectorPluginsResource;
import io.ferry.runtime.rest.resources.ConnectorsResource;
import io.ferry.runtime.rest.resources.LoggersResource;
import io.ferry.runtime.rest.resources.MetricsResource;
import io.ferry.runtime.rest.resources.OffsetsResource;
import io.ferry.runtime.rest.resources.RootResource;
import io.ferry.runtime.rest.resources.TasksResource;
import io.ferry.runtime.rest.resources.TopicsResource;
import io.ferry.runtime.rest.security.BasicAuthHandler;
import io.ferry.runtime.rest.server.Listener;
import io.ferry.runtime.rest.server.RestHandlers;
import io.ferry.runtime.worker.Worker;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.connect.errors.ConnectException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's REST API on Jetty 12 and Jersey. {@link #bind} opens the listeners (so a taken port
 * is reported before anything else starts, and the worker id names the actual port); {@link #start}
 * serves the API once the worker runs; {@link #close} stops it, first when the worker shuts down.
 *
 * <p>Handlers, outermost first: CORS ({@code access.control.allow.origin}; answers preflight
 * requests itself), HTTP Basic authentication ({@code rest.auth.users.file}), then the Jersey
 * contexts: the API on {@code listeners}, and {@code /admin} there too or, with
 * {@code admin.listeners}, only on those.
 */
public final class RestServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RestServer.class);

    private final RestConfig config;
    private final Server server;
    private final List<ServerConnector> main;
    private final List<ServerConnector> admin;
    private PrometheusMetrics metrics;
    private ExecutorService healthChecks;

    private RestServer(RestConfig config, Server server, List<ServerConnector> main, List<ServerConnector> admin) {
        this.config = config;
        this.server = server;
        this.main = main;
        this.admin = admin;
    }

    /**
     * Opens every listener.
     *
     * @throws ConnectException naming the listener that cannot be opened
     */
    public static RestServer bind(RestConfig config) {
        Server server = RestHandlers.server();
        List<ServerConnector> main = new ArrayList<>();
        List<ServerConnector> admin = new ArrayList<>();
        try {
            for (Listener listener : config.listeners()) {
                main.add(open(server, listener, RestHandlers.MAIN, config));
            }
            if (config.adminListeners() != null) {
                for (Listener listener : config.adminListeners()) {
                    admin.add(open(server, listener, RestHandlers.ADMIN, config));
                }
            }
        } catch (ConnectException e) {
            main.forEach(ServerConnector::close);
            admin.forEach(ServerConnector::close);
            throw e;
        }
        return new RestServer(config, server, main, admin);
    }

    private static ServerConnector open(Server server, Listener listener, String name, RestConfig config) {
        ServerConnector connector = RestHandlers.connector(server, listener, name, config.tls());
        try {
            connector.open();
        } catch (IOException e) {
            String key = name.equals(RestHandlers.MAIN) ? RestConfig.LISTENERS : RestConfig.ADMIN_LISTENERS;
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new ConnectException("The REST API cannot listen on " + listener + ": " + cause.getMessage()
                    + " (is another worker running? set " + key + ")", e);
        }
        server.addConnector(connector);
        return connector;
    }

    /** The worker id of statuses: {@code host:port} of the first listener, with the port it actually has. */
    public String workerId() {
        ServerConnector first = main.get(0);
        Listener listener = config.listeners().get(0);
        return advertisedHost(listener) + ":" + first.getLocalPort();
    }

    /** Where the API is served, with the actual ports (e.g. {@code http://127.0.0.1:41234}). */
    public List<URI> uris() {
        return uris(config.listeners(), main);
    }

    /** Where {@code /admin} is served when {@code admin.listeners} is set (empty otherwise). */
    public List<URI> adminUris() {
        return config.adminListeners() == null ? List.of() : uris(config.adminListeners(), admin);
    }

    private static List<URI> uris(List<Listener> listeners, List<ServerConnector> connectors) {
        List<URI> uris = new ArrayList<>();
        for (int i = 0; i < connectors.size(); i++) {
            Listener listener = listeners.get(i);
            String host = advertisedHost(listener);
            if (host.contains(":")) {
                host = "[" + host + "]";
            }
            uris.add(URI.create(listener.scheme() + "://" + host + ":" + connectors.get(i).getLocalPort()));
        }
        return uris;
    }

    private static String advertisedHost(Listener listener) {
        if (!listener.wildcard()) {
            return listener.host();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /** Serves the API of {@code worker}. */
    public void start(Worker worker) {
        metrics = new PrometheusMetrics(worker);
        healthChecks = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ferry-rest-health");
            thread.setDaemon(true);
            return thread;
        });
        List<Object> api = new ArrayList<>(List.of(new RootResource(worker, healthChecks), new ConnectorsResource(worker),
                new TasksResource(worker), new OffsetsResource(worker), new TopicsResource(worker),
                new ConnectorPluginsResource(worker), new MetricsResource(metrics)));
        ContextHandlerCollection contexts = new ContextHandlerCollection();
        if (config.adminListeners() == null) {
            api.add(new LoggersResource());
            contexts.addHandler(RestHandlers.context(api, List.of()));
        } else {
            contexts.addHandler(RestHandlers.context(api, List.of("@" + RestHandlers.MAIN)));
            if (!admin.isEmpty()) {
                contexts.addHandler(RestHandlers.context(List.of(new LoggersResource()), List.of("@" + RestHandlers.ADMIN)));
            }
        }
        Handler handler = contexts;
        if (config.usersFile() != null) {
            handler = new BasicAuthHandler(config.usersFile(), config.authLimits(), handler);
        }
        if (!config.allowedOrigins().isEmpty()) {
            handler = RestHandlers.cors(config.allowedOrigins(), config.allowedMethods(), handler);
        }
        server.setHandler(handler);
        try {
            server.start();
        } catch (Exception e) {
            close();
            throw new ConnectException("Cannot start the REST API: " + e.getMessage(), e);
        }
        log.info("REST API listening on {}{}{}", uris(), adminUris().isEmpty() ? "" : ", /admin on " + adminUris(),
                config.usersFile() == null ? " (no authentication)" : " (HTTP Basic authentication, users in " + config.usersFile() + ")");
    }

    /** Stops serving and closes the listeners. Safe to call twice. */
    @Override
    public void close() {
        try {
            if (server.isStarted() || server.isStarting()) {
                server.stop();
            }
        } catch (Exception e) {
            log.warn("Stopping the REST API failed: {}", e.toString());
        }
        main.forEach(ServerConnector::close);
        admin.forEach(ServerConnector::close);
        if (healthChecks != null) {
            healthChecks.shutdownNow();
        }
        if (metrics != null) {
            metrics.close();
            metrics = null;
        }
    }
}

package io.ferry.runtime.rest;

import io.ferry.runtime.config.RestConfigDef;
import io.ferry.runtime.config.WorkerConfig;
import io.ferry.runtime.rest.security.AuthLimits;
import io.ferry.runtime.rest.security.UsersFile;
import io.ferry.runtime.rest.server.Listener;
import io.ferry.runtime.rest.server.TlsSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigException;

/**
 * The REST API's settings, read from the worker properties with Kafka Connect's names where it has
 * them ({@code listeners}, {@code admin.listeners}, {@code access.control.allow.origin},
 * {@code access.control.allow.methods}, {@code listeners.https.ssl.*}) and Ferry's for what it
 * adds ({@code rest.auth.users.file}, {@code rest.allow.unauthenticated.remote}).
 *
 * <p>Checked as a whole before anything starts: every problem is reported, naming its key. A
 * listener reachable from other machines (any host that is not a loopback address, or every
 * interface) needs authentication ({@value #USERS_FILE}) unless {@value #ALLOW_UNAUTHENTICATED_REMOTE}
 * is true.
 */
public final class RestConfig {

    public static final String LISTENERS = WorkerConfig.LISTENERS;
    /** Kafka Connect's: where {@code /admin} is served; unset: on {@code listeners}; empty: nowhere. */
    public static final String ADMIN_LISTENERS = RestConfigDef.ADMIN_LISTENERS;
    /** Kafka Connect's: allowed CORS origins, comma-separated ({@code *} for any); empty: no CORS. */
    public static final String ALLOW_ORIGIN = RestConfigDef.ALLOW_ORIGIN;
    /** Kafka Connect's: methods allowed in CORS requests, comma-separated (default GET, POST, HEAD). */
    public static final String ALLOW_METHODS = RestConfigDef.ALLOW_METHODS;
    /** Ferry's: a file of {@code user:hash} lines; when set, every request needs HTTP Basic credentials. */
    public static final String USERS_FILE = RestConfigDef.USERS_FILE;
    /** Ferry's: allow a listener reachable from other machines without authentication (behind a gateway). */
    public static final String ALLOW_UNAUTHENTICATED_REMOTE = RestConfigDef.ALLOW_UNAUTHENTICATED_REMOTE;

    private final List<Listener> listeners;
    private final List<Listener> adminListeners;
    private final List<String> allowedOrigins;
    private final List<String> allowedMethods;
    private final Path usersFile;
    private final TlsSettings tls;
    private final AuthLimits authLimits;

    private RestConfig(List<Listener> listeners, List<Listener> adminListeners, List<String> allowedOrigins,
                       List<String> allowedMethods, Path usersFile, TlsSettings tls, AuthLimits authLimits) {
        this.listeners = listeners;
        this.adminListeners = adminListeners;
        this.allowedOrigins = allowedOrigins;
        this.allowedMethods = allowedMethods;
        this.usersFile = usersFile;
        this.tls = tls;
        this.authLimits = authLimits;
    }

    /**
     * @throws ConfigException listing every problem, each with its key
     */
    public static RestConfig from(WorkerConfig worker) {
        List<String> problems = new ArrayList<>();
        List<Listener> listeners = listeners(LISTENERS, worker.listeners(), problems);
        if (listeners.isEmpty() && problems.isEmpty()) {
            problems.add(LISTENERS + ": at least one listener is needed, e.g. http://localhost:8083");
        }
        List<String> adminValue = worker.getList(ADMIN_LISTENERS);
        List<Listener> admin = adminValue == null ? null : listeners(ADMIN_LISTENERS, adminValue, problems);
        if (admin != null) {
            Set<String> main = new HashSet<>();
            listeners.forEach(l -> main.add(l.host() + ":" + l.port()));
            admin.stream().filter(l -> l.port() != 0 && main.contains(l.host() + ":" + l.port()))
                    .forEach(l -> problems.add(ADMIN_LISTENERS + ": " + l + " is also in " + LISTENERS + "; leave "
                            + ADMIN_LISTENERS + " unset to serve /admin there"));
        }
        List<String> origins = split(worker.getString(ALLOW_ORIGIN));
        List<String> methods = split(worker.getString(ALLOW_METHODS));
        Path usersFile = null;
        String users = worker.getString(USERS_FILE);
        if (!users.isBlank()) {
            usersFile = Path.of(users.trim()).toAbsolutePath().normalize();
            try {
                UsersFile.load(usersFile);
            } catch (IllegalArgumentException e) {
                problems.add(USERS_FILE + ": " + e.getMessage());
            }
        }
        if (usersFile == null && !worker.getBoolean(ALLOW_UNAUTHENTICATED_REMOTE)) {
            List<Listener> all = new ArrayList<>(listeners);
            if (admin != null) {
                all.addAll(admin);
            }
            for (Listener listener : all) {
                boolean local;
                try {
                    local = listener.loopbackOnly();
                } catch (IllegalArgumentException e) {
                    problems.add((listeners.contains(listener) ? LISTENERS : ADMIN_LISTENERS) + ": " + e.getMessage());
                    continue;
                }
                if (!local) {
                    problems.add((listeners.contains(listener) ? LISTENERS : ADMIN_LISTENERS) + ": " + listener
                            + " can be reached from other machines, but the REST API has no authentication. Set "
                            + USERS_FILE + " (HTTP Basic users), listen on localhost, or, if a gateway in front of Ferry "
                            + "authenticates requests, set " + ALLOW_UNAUTHENTICATED_REMOTE + "=true");
                }
            }
        }
        TlsSettings tls = null;
        boolean https = listeners.stream().anyMatch(Listener::secure) || (admin != null && admin.stream().anyMatch(Listener::secure));
        if (https) {
            try {
                tls = TlsSettings.from(worker.originals());
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException("Invalid REST API configuration (" + problems.size() + (problems.size() == 1 ? " error): " : " errors): ")
                    + String.join("; ", problems));
        }
        AuthLimits limits = new AuthLimits(worker.getInt(RestConfigDef.AUTH_FAILURES_MAX), worker.getLong(RestConfigDef.AUTH_FAILURES_WINDOW_MS),
                worker.getLong(RestConfigDef.AUTH_CACHE_MS));
        return new RestConfig(List.copyOf(listeners), admin == null ? null : List.copyOf(admin), origins, methods, usersFile, tls, limits);
    }

    private static List<Listener> listeners(String key, List<String> values, List<String> problems) {
        List<Listener> result = new ArrayList<>();
        for (String value : values) {
            if (value.isBlank()) {
                continue;
            }
            try {
                result.add(Listener.parse(value));
            } catch (IllegalArgumentException e) {
                problems.add(key + ": " + e.getMessage());
            }
        }
        return result;
    }

    private static List<String> split(String value) {
        List<String> parts = new ArrayList<>();
        for (String part : value.split(",")) {
            if (!part.isBlank()) {
                parts.add(part.trim());
            }
        }
        return parts;
    }

    /** Where the API (without /admin, if {@link #adminListeners} is set) is served. */
    public List<Listener> listeners() {
        return listeners;
    }

    /** Where /admin is served: null: on {@link #listeners}; empty: nowhere. */
    public List<Listener> adminListeners() {
        return adminListeners;
    }

    /** CORS origins ({@code *} for any); empty: CORS is off. */
    public List<String> allowedOrigins() {
        return allowedOrigins;
    }

    /** CORS methods; empty: GET, POST and HEAD. */
    public List<String> allowedMethods() {
        return allowedMethods;
    }

    /** The users file of HTTP Basic authentication, or null (no authentication). */
    public Path usersFile() {
        return usersFile;
    }

    /** The bounds of HTTP Basic authentication's cost (failures per address, how long verified credentials are kept). */
    public AuthLimits authLimits() {
        return authLimits;
    }

    /** The TLS settings of https listeners, or null if there is none. */
    public TlsSettings tls() {
        return tls;
    }
}

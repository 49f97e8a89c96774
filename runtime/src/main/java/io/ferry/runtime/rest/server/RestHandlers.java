package io.ferry.runtime.rest.server;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.jakarta.rs.json.JacksonJsonProvider;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.CustomRequestLog;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.Slf4jRequestLogWriter;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.CrossOriginHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.glassfish.jersey.servlet.ServletContainer;

/** The Jetty and Jersey pieces of the REST server: the server, its connectors, the Jersey contexts, CORS. */
public final class RestHandlers {

    /** The name of the connectors of {@code listeners} (virtual host {@code @main}). */
    public static final String MAIN = "main";
    /** The name of the connectors of {@code admin.listeners} (virtual host {@code @admin}). */
    public static final String ADMIN = "admin";

    /**
     * Jersey warns, for every resource registered as an instance, that it "does not implement any
     * provider interfaces"; it is served as a resource all the same. The logger is kept here so that
     * java.util.logging does not forget the level.
     */
    private static final java.util.logging.Logger JERSEY_PROVIDERS = quiet("org.glassfish.jersey.internal.inject.Providers");

    private static final int MAX_THREADS = 64;
    private static final int MIN_THREADS = 4;

    private RestHandlers() {
    }

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
        logger.setLevel(java.util.logging.Level.SEVERE);
        return logger;
    }

    /** A server with its own thread pool, JSON error answers and a request log (logger {@code io.ferry.runtime.rest.requests}). */
    public static Server server() {
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, MIN_THREADS);
        threads.setName("ferry-rest");
        threads.setDaemon(true);
        Server server = new Server(threads);
        server.setErrorHandler(new JsonErrorHandler());
        server.setStopTimeout(2_000);
        Slf4jRequestLogWriter writer = new Slf4jRequestLogWriter();
        writer.setLoggerName("io.ferry.runtime.rest.requests");
        server.setRequestLog(new CustomRequestLog(writer, CustomRequestLog.EXTENDED_NCSA_FORMAT + " %{ms}T"));
        return server;
    }

    /** A connector (not yet open) for one listener: HTTP/1.1, over TLS for {@code https}. */
    public static ServerConnector connector(Server server, Listener listener, String name, TlsSettings tls) {
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector connector;
        if (listener.secure()) {
            http.setSecureScheme("https");
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            // Clients reaching the worker by IP address send no SNI; the certificate is checked by the client.
            secure.setSniHostCheck(false);
            http.addCustomizer(secure);
            connector = new ServerConnector(server, new SslConnectionFactory(tls.sslContextFactory(), HttpVersion.HTTP_1_1.asString()),
                    new HttpConnectionFactory(http));
        } else {
            connector = new ServerConnector(server, new HttpConnectionFactory(http));
        }
        connector.setName(name);
        connector.setHost(listener.bindHost());
        connector.setPort(listener.port());
        return connector;
    }

    /** The mapper of request and response bodies: strict about duplicate keys, unknown fields and trailing content. */
    public static ObjectMapper objectMapper() {
        ObjectMapper mapper = new ObjectMapper();
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        return mapper;
    }

    /**
     * A servlet context at {@code /} serving {@code resources} with Jersey: Jackson for JSON, the one
     * exception mapper, no WADL, no error pages.
     *
     * @param virtualHosts {@code @connectorName}s the context answers on, or empty for every connector
     */
    public static ServletContextHandler context(List<Object> resources, List<String> virtualHosts) {
        ResourceConfig app = new ResourceConfig();
        app.register(new JacksonJsonProvider(objectMapper()));
        app.register(new ErrorMapper());
        resources.forEach(app::register);
        app.property(ServerProperties.WADL_FEATURE_DISABLE, true);
        app.property(ServerProperties.BV_FEATURE_DISABLE, true);
        app.property(ServerProperties.FEATURE_AUTO_DISCOVERY_DISABLE, true);
        app.property(ServerProperties.RESPONSE_SET_STATUS_OVER_SEND_ERROR, true);
        ServletContextHandler context = new ServletContextHandler("/", false, false);
        context.addServlet(new ServletHolder("jersey", new ServletContainer(app)), "/*");
        context.setErrorHandler(new JsonErrorHandler());
        if (!virtualHosts.isEmpty()) {
            context.setVirtualHosts(virtualHosts);
        }
        return context;
    }

    /**
     * Cross-origin requests as Kafka Connect's {@code access.control.allow.origin} and
     * {@code access.control.allow.methods} allow them: origins are exact, {@code *} (any), or contain
     * {@code *} wildcards; methods default to GET, POST and HEAD. Preflight requests are answered here,
     * before authentication (browsers send them without credentials).
     */
    public static Handler cors(List<String> origins, List<String> methods, Handler next) {
        CrossOriginHandler cors = new CrossOriginHandler();
        Set<String> patterns = new LinkedHashSet<>();
        for (String origin : origins) {
            patterns.add(origin.equals("*") ? ".*" : wildcardToRegex(origin));
        }
        cors.setAllowedOriginPatterns(patterns);
        Set<String> allowed = new LinkedHashSet<>();
        (methods.isEmpty() ? List.of("GET", "POST", "HEAD") : methods).forEach(m -> allowed.add(m.toUpperCase(Locale.ROOT)));
        cors.setAllowedMethods(allowed);
        cors.setAllowedHeaders(Set.of("X-Requested-With", "Content-Type", "Accept", "Origin", "Authorization"));
        cors.setAllowCredentials(true);
        cors.setHandler(next);
        return cors;
    }

    private static String wildcardToRegex(String origin) {
        StringBuilder regex = new StringBuilder();
        String[] parts = origin.split("\\*", -1);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                regex.append(".*");
            }
            if (!parts[i].isEmpty()) {
                regex.append(Pattern.quote(parts[i]));
            }
        }
        return regex.toString();
    }
}

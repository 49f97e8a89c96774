package io.ferry.connect.nifi.s2s.server.site;

import io.ferry.connect.nifi.handoff.InboundSink;
import io.ferry.connect.nifi.http.HttpServers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.jetty.server.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One NiFi site: an HTTP(S) listener answering Site-to-Site requests for the ports registered on
 * it. Obtained from {@link SiteRegistry}, never built directly by connectors.
 */
public final class Site {

    private static final Logger log = LoggerFactory.getLogger(Site.class);

    private final SiteSettings settings;
    private final String id;
    private final Ports ports = new Ports();
    private final Transactions transactions;
    private final Server server;

    Site(SiteSettings settings) {
        this.settings = settings;
        this.id = UUID.nameUUIDFromBytes(("ferry-site:" + settings.key()).getBytes(StandardCharsets.UTF_8)).toString();
        this.transactions = new Transactions(Duration.ofSeconds(settings.transactionTtlSeconds()),
                "nifi-site-expiry-" + settings.bindPort(), settings.limits());
        this.server = HttpServers.create(settings.listener(), settings.tls(), "nifi-site-" + settings.bindPort(),
                new SiteHandler(this, new Replies(settings.transactionTtlSeconds())));
    }

    void start() throws Exception {
        try {
            server.start();
        } catch (Exception e) {
            transactions.close();
            try {
                server.stop();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        log.info("NiFi site listening on {} (port {}); NiFi clients use {}://{}:{}/nifi", settings.listener(), port(),
                settings.secure() ? "https" : "http", settings.effectiveAdvertisedHost(), advertisedPort());
    }

    void stop() {
        transactions.close();
        try {
            server.stop();
        } catch (Exception e) {
            log.warn("NiFi site {} did not stop cleanly: {}", settings.listener(), e.toString());
        }
        log.info("NiFi site on {} stopped", settings.listener());
    }

    public SiteSettings settings() {
        return settings;
    }

    public String id() {
        return id;
    }

    /** The port actually listened on. */
    public int port() {
        return HttpServers.localPort(server);
    }

    /** The port peers are told to use. */
    public int advertisedPort() {
        return settings.advertisedPort() > 0 ? settings.advertisedPort() : port();
    }

    /** Open transactions (for tests and metrics). */
    public int openTransactions() {
        return transactions.size();
    }

    /** Bytes of FlowFiles the input ports hold, received and not yet stored (for tests and metrics). */
    public long heldBytes() {
        return transactions.held().held();
    }

    /**
     * Serves an input port: FlowFiles sent to it go to {@code sink}.
     *
     * @throws IllegalStateException if another connector serves a port of this name or id
     */
    public Registration registerInputPort(PortIdentity identity, String owner, InboundSink sink) {
        Registration registration = ports.registerInput(identity, owner, sink);
        log.info("NiFi site {}: input port '{}' (id {}) served by connector '{}'", settings.listener(), identity.name(), identity.id(), owner);
        return registration;
    }

    /**
     * Serves an output port: clients pulling from it get {@code source}'s FlowFiles.
     *
     * @throws IllegalStateException if another connector serves a port of this name or id
     */
    public Registration registerOutputPort(PortIdentity identity, String owner, OutboundSource source) {
        Registration registration = ports.registerOutput(identity, owner, source);
        log.info("NiFi site {}: output port '{}' (id {}) served by connector '{}'", settings.listener(), identity.name(), identity.id(), owner);
        return registration;
    }

    Ports ports() {
        return ports;
    }

    Transactions transactions() {
        return transactions;
    }
}

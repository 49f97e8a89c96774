package io.ferry.connect.nifi.s2s.server;

import io.ferry.connect.nifi.s2s.server.site.Registration;
import io.ferry.connect.nifi.s2s.server.site.Site;
import io.ferry.connect.nifi.s2s.server.site.SiteRegistry;
import java.util.function.Function;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * A server task's port and the shared site it is served on. {@link #open} acquires the site of the task's
 * {@code nifi.site.*} settings and registers the port; {@link #close} leaves the port, closes the task's
 * FlowFile buffer, and only then gives the site back (the last user stops it).
 */
final class SitePort {

    private final Runnable closeBuffer;
    private Site site;
    private Registration registration;

    /** @param closeBuffer closes the task's FlowFiles buffer; {@link #close} runs it even if the port never opened */
    SitePort(Runnable closeBuffer) {
        this.closeBuffer = closeBuffer;
    }

    /**
     * Acquires the site and registers the port on it with {@code register}.
     *
     * @throws ConnectException if the site cannot start, or {@code register} finds the port served by another
     *                          connector (an {@link IllegalStateException}; the site is given back then)
     */
    void open(AbstractConfig config, Function<Site, Registration> register) {
        try {
            site = SiteRegistry.acquire(SiteConfig.siteSettings(config));
        } catch (Exception e) {
            throw new ConnectException("Cannot start the NiFi site on " + config.getString(SiteConfig.LISTENER) + ": "
                    + e.getMessage(), e);
        }
        try {
            registration = register.apply(site);
        } catch (IllegalStateException e) {
            SiteRegistry.release(site);
            site = null;
            throw new ConnectException(e.getMessage(), e);
        }
    }

    /** Leaves the port, closes the buffer, gives the site back; again does no harm. */
    void close() {
        if (registration != null) {
            registration.close();
            registration = null;
        }
        closeBuffer.run();
        if (site != null) {
            SiteRegistry.release(site);
            site = null;
        }
    }
}

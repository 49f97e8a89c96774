package io.ferry.connect.nifi.s2s.server.site;

import java.util.HashMap;
import java.util.Map;

/**
 * The process-wide sites, one per listener, reference-counted: the first {@link #acquire} starts a
 * site, the last {@link #release} stops it. Connectors configured with the same listener share it
 * and must agree on its settings.
 */
public final class SiteRegistry {

    private static final Map<String, Entry> SITES = new HashMap<>();

    private static final class Entry {
        private final Site site;
        private int references;

        private Entry(Site site) {
            this.site = site;
        }
    }

    private SiteRegistry() {
    }

    /**
     * The running site of {@code settings.listener()}, started if needed.
     *
     * @throws IllegalStateException if the site runs with other settings
     * @throws Exception             if the site cannot start (e.g. the port is taken)
     */
    public static synchronized Site acquire(SiteSettings settings) throws Exception {
        Entry entry = SITES.get(settings.key());
        if (entry == null) {
            Site site = new Site(settings);
            site.start();
            entry = new Entry(site);
            SITES.put(settings.key(), entry);
        } else if (!entry.site.settings().equals(settings)) {
            throw new IllegalStateException("The NiFi site on " + settings.key() + " already runs with other settings ("
                    + entry.site.settings() + "); connectors sharing a listener must use the same nifi.site.* settings");
        }
        entry.references++;
        return entry.site;
    }

    /** Gives back a site from {@link #acquire}; the last user stops it. */
    public static synchronized void release(Site site) {
        Entry entry = SITES.get(site.settings().key());
        if (entry == null || entry.site != site) {
            return;
        }
        if (--entry.references == 0) {
            SITES.remove(site.settings().key());
            site.stop();
        }
    }

    /** The running site of a listener ({@link SiteSettings#key()}), or null. */
    public static synchronized Site find(String key) {
        Entry entry = SITES.get(key);
        return entry == null ? null : entry.site;
    }
}

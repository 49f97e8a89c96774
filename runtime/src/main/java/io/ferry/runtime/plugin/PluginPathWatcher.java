package io.ferry.runtime.plugin;

import io.ferry.runtime.plugin.PluginLocations.Fingerprint;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a {@link Plugins} registry in step with the plugin path while the worker runs: a JAR or
 * directory dropped into a {@code plugin.path} directory becomes usable without a restart, a
 * changed one is reloaded with a new class loader (instances already created keep their classes),
 * and a removed one is forgotten.
 *
 * <p>The watcher polls (every {@link #DEFAULT_INTERVAL} unless told otherwise), which works on
 * every file system. A new or changed location is loaded only once it looks the same on two
 * consecutive polls (size, count and modification times of its files), and only if its JARs open
 * as complete ZIP files, so a JAR still being copied is never half-loaded. A location that cannot
 * be loaded is reported with one warning and retried only when its files change.
 *
 * <p>{@link #rescan()} runs one pass at once, without waiting for files to settle, for tests and
 * the REST API.
 */
public final class PluginPathWatcher implements AutoCloseable {

    /** How often the plugin path is polled by default. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);

    private static final Logger log = LoggerFactory.getLogger(PluginPathWatcher.class);

    private final Plugins plugins;
    private final Duration interval;
    /** The last fingerprint seen of each location that is new or changed and not yet (re)loaded. */
    private final Map<Path, Fingerprint> unsettled = new HashMap<>();
    private ScheduledExecutorService executor;

    public PluginPathWatcher(Plugins plugins) {
        this(plugins, DEFAULT_INTERVAL);
    }

    public PluginPathWatcher(Plugins plugins, Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive: " + interval);
        }
        this.plugins = plugins;
        this.interval = interval;
    }

    /** Starts polling in a daemon thread. */
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ferry-plugin-path-watcher");
            thread.setDaemon(true);
            return thread;
        });
        long millis = interval.toMillis();
        executor.scheduleWithFixedDelay(this::poll, millis, millis, TimeUnit.MILLISECONDS);
        log.info("Watching {} {} for new plugins every {} ms", PluginLocations.PLUGIN_PATH_CONFIG, plugins.pluginPath(), millis);
    }

    /**
     * Loads every new or changed location of the plugin path now, and forgets removed ones.
     *
     * @return the plugins that were loaded
     */
    public synchronized List<PluginDesc> rescan() {
        return pass(false);
    }

    /** One poll: loads new or changed locations that have settled since the previous poll. */
    synchronized void poll() {
        try {
            pass(true);
        } catch (RuntimeException e) {
            log.warn("Scanning {} for new plugins failed: {}", PluginLocations.PLUGIN_PATH_CONFIG, e.toString());
        }
    }

    private List<PluginDesc> pass(boolean waitUntilSettled) {
        List<PluginDesc> loaded = new ArrayList<>();
        Set<Path> present = new HashSet<>();
        Set<Path> unreadableEntries = new HashSet<>();
        for (Path entry : plugins.pluginPath()) {
            List<Path> locations;
            try {
                locations = PluginLocations.locationsIn(entry);
            } catch (IOException e) {
                log.debug("Cannot list {}: {}", entry, e.toString());
                unreadableEntries.add(entry);
                continue;
            }
            for (Path location : locations) {
                present.add(location);
                loaded.addAll(visit(location, waitUntilSettled));
            }
        }
        unsettled.keySet().retainAll(present);
        for (Path location : plugins.locations()) {
            if (!present.contains(location) && isInPluginPath(location) && !unreadableEntries.contains(entryOf(location))) {
                plugins.removeLocation(location);
            }
        }
        return loaded;
    }

    private List<PluginDesc> visit(Path location, boolean waitUntilSettled) {
        Fingerprint now = PluginLocations.fingerprint(location);
        if (now == null || now.equals(plugins.loadedFingerprint(location)) || now.equals(plugins.rejectedFingerprint(location))) {
            unsettled.remove(location);
            return List.of();
        }
        Fingerprint before = unsettled.put(location, now);
        if (waitUntilSettled && !now.equals(before)) {
            log.debug("Plugin location {} is new or changing; loading it once it has settled", location);
            return List.of();
        }
        unsettled.remove(location);
        try {
            return plugins.addLocation(location);
        } catch (ConnectException e) {
            log.warn(e.getMessage());
            return List.of();
        }
    }

    private boolean isInPluginPath(Path location) {
        return entryOf(location) != null;
    }

    private Path entryOf(Path location) {
        List<Path> entries = plugins.pluginPath();
        if (entries.contains(location)) {
            return location;
        }
        return entries.contains(location.getParent()) ? location.getParent() : null;
    }

    /** Stops polling. */
    @Override
    public synchronized void close() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }
}

package io.ferry.runtime.plugin;

import io.ferry.runtime.plugin.PluginLocations.Fingerprint;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.kafka.connect.connector.Connector;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry of plugins: those on the worker's class path and those under {@code plugin.path},
 * each plugin location with its own {@link PluginClassLoader}.
 *
 * <p>Names are resolved as in Kafka Connect: the full class name, the simple class name, or the
 * simple class name without the kind's suffix ({@code FileStreamSource} for
 * {@code org.apache.kafka.connect.file.FileStreamSourceConnector}). Unlike Kafka Connect, an
 * ambiguous alias is an error that names the candidates, and locations can be added (or
 * reloaded) while the worker runs, see {@link PluginPathWatcher}.
 *
 * <p>Thread-safe: readers see an immutable snapshot; adding and removing locations replaces it.
 */
public final class Plugins implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Plugins.class);

    /** Why a location under the plugin path was not loaded. */
    public record Rejection(Path location, String reason, Fingerprint fingerprint) {
    }

    private record Registered(PluginClassLoader loader, Fingerprint fingerprint) {
    }

    private final List<Path> pluginPath;
    private final PluginDiscoveryMode mode;
    private final ClassLoader workerLoader;
    private final PluginScanner scanner;
    private final Object writeLock = new Object();
    private final Map<Path, Registered> registered = new ConcurrentHashMap<>();
    private final Map<Path, Rejection> rejected = new ConcurrentHashMap<>();
    private final List<PluginClassLoader> loaders = new ArrayList<>();
    private volatile PluginIndex index = PluginIndex.EMPTY;
    private boolean closed;

    private Plugins(List<Path> pluginPath, PluginDiscoveryMode mode, ClassLoader workerLoader, ScanCache cache) {
        this.pluginPath = pluginPath.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        this.mode = mode;
        this.workerLoader = workerLoader;
        this.scanner = new PluginScanner(mode, cache);
    }

    /** Loads the plugins of the worker's class path and of every location under {@code pluginPath}. */
    public static Plugins load(List<Path> pluginPath, PluginDiscoveryMode mode) {
        return load(pluginPath, mode, Plugins.class.getClassLoader());
    }

    /**
     * Loads the plugins visible to {@code workerLoader} (the parent of every plugin class loader)
     * and of every location under {@code pluginPath}. A location that cannot be loaded is logged
     * and skipped.
     *
     * @throws ConnectException in {@code hybrid_fail} mode, if a plugin lacks a manifest entry
     */
    public static Plugins load(List<Path> pluginPath, PluginDiscoveryMode mode, ClassLoader workerLoader) {
        return load(pluginPath, mode, workerLoader, ScanCache.fromSystemProperty());
    }

    /** As {@link #load(List, PluginDiscoveryMode, ClassLoader)}, keeping class scans of plugin locations in {@code cache}. */
    static Plugins load(List<Path> pluginPath, PluginDiscoveryMode mode, ClassLoader workerLoader, ScanCache cache) {
        Plugins plugins = new Plugins(pluginPath, mode, workerLoader, cache);
        try {
            plugins.loadClassPath();
            for (Path entry : plugins.pluginPath) {
                plugins.loadEntry(entry);
            }
            return plugins;
        } catch (IOException e) {
            plugins.close();
            throw new ConnectException("Cannot scan the worker class path for plugins: " + e, e);
        } catch (RuntimeException e) {
            plugins.close();
            throw e;
        }
    }

    /** Loads the plugins as the worker properties {@code plugin.path} and {@code plugin.discovery} say. */
    public static Plugins fromWorkerConfig(Map<String, ?> workerConfig) {
        Object path = workerConfig.get(PluginLocations.PLUGIN_PATH_CONFIG);
        String pathValue = path instanceof Collection<?> list
                ? list.stream().map(String::valueOf).collect(Collectors.joining(","))
                : path == null ? null : String.valueOf(path);
        Object discovery = workerConfig.get(PluginDiscoveryMode.CONFIG);
        return load(PluginLocations.parsePluginPath(pathValue),
                PluginDiscoveryMode.parse(discovery == null ? null : String.valueOf(discovery)));
    }

    private void loadEntry(Path entry) {
        if (!Files.exists(entry)) {
            log.warn("{} entry {} does not exist", PluginLocations.PLUGIN_PATH_CONFIG, entry);
            return;
        }
        List<Path> locations;
        try {
            locations = PluginLocations.locationsIn(entry);
        } catch (IOException e) {
            log.warn("Cannot list {} entry {}: {}", PluginLocations.PLUGIN_PATH_CONFIG, entry, e.toString());
            return;
        }
        for (Path location : locations) {
            try {
                addLocation(location);
            } catch (PluginLocationException e) {
                log.warn(e.getMessage());
            }
        }
    }

    /**
     * The worker's class path is Ferry's own (bin/ferry sets it; plugins belong under plugin.path) and every plugin
     * on it is declared in a META-INF/services manifest, so it is read through the manifests in every mode but
     * {@code only_scan}: scanning its ~60 JARs' class files would add about a second to every start (ADR 0009).
     */
    private void loadClassPath() throws IOException {
        boolean scan = mode == PluginDiscoveryMode.ONLY_SCAN;
        List<Path> roots = scan ? PluginLocations.classPathEntries() : List.of();
        PluginScanner classPathScanner = scan ? scanner : new PluginScanner(PluginDiscoveryMode.SERVICE_LOAD);
        List<PluginDesc> found = classPathScanner.scan(PluginSource.classPath(workerLoader, roots));
        synchronized (writeLock) {
            index = index.with(PluginDesc.CLASSPATH, found);
        }
        log.info("Found {} plugins on the worker class path ({})", found.size(),
                scan ? "scanned: plugin.discovery=only_scan" : "from META-INF/services manifests");
    }

    /** The {@code plugin.path} entries, absolute. */
    public List<Path> pluginPath() {
        return pluginPath;
    }

    public PluginDiscoveryMode discoveryMode() {
        return mode;
    }

    /** The worker's class loader: the parent of every plugin class loader. */
    public ClassLoader workerLoader() {
        return workerLoader;
    }

    /**
     * The plugin of {@code kind} named {@code name}: a full class name, a simple class name, or a
     * simple class name without the kind's suffix. With several versions of one class, the
     * highest version wins. Kafka's class names of the converters that Kafka Connect ships in
     * {@code connect-runtime} ({@code org.apache.kafka.connect.converters.ByteArrayConverter}, ...)
     * give Ferry's versions from {@code io.ferry.runtime.converters}.
     *
     * @throws ConnectException if there is no such plugin (listing those there are), if the name
     *                          is an ambiguous alias (listing the candidates), or if the class is
     *                          a plugin of another kind
     */
    public PluginDesc resolve(PluginKind kind, String name) {
        return resolve(EnumSet.of(kind), name);
    }

    /** Resolves a {@code connector.class} value: a source or sink connector. */
    public PluginDesc resolveConnector(String name) {
        return resolve(EnumSet.of(PluginKind.SOURCE_CONNECTOR, PluginKind.SINK_CONNECTOR), name);
    }

    /** Resolves a name to a plugin of any of {@code kinds}; see {@link #resolve(PluginKind, String)}. */
    public PluginDesc resolve(Set<PluginKind> kinds, String name) {
        PluginIndex snapshot = index;
        String what = PluginIndex.describe(kinds);
        if (name == null || name.isBlank()) {
            throw new ConnectException("No " + what + " class given. Available: " + snapshot.available(kinds));
        }
        String trimmed = name.trim();
        PluginDesc found = snapshot.find(kinds, trimmed);
        if (found == null) {
            found = ClassPathFallback.find(kinds, trimmed, workerLoader);
        }
        String substitute = KafkaRuntimeSubstitutes.substituteFor(trimmed);
        if (found == null && substitute != null) {
            found = snapshot.find(kinds, substitute);
            if (found != null) {
                log.debug("Using {} for {}, which Kafka Connect ships in connect-runtime", substitute, trimmed);
            }
        }
        if (found == null) {
            String suffix = kinds.iterator().next().aliasSuffix();
            throw new ConnectException("Found no " + what + " named '" + trimmed + "' (give a full class name, a simple class name, "
                    + "or a simple class name without '" + suffix + "'). Available: " + snapshot.available(kinds)
                    + ". Plugins are loaded from the worker class path and " + PluginLocations.PLUGIN_PATH_CONFIG + " " + pluginPath);
        }
        return found;
    }

    /**
     * Creates an instance of the plugin with its public no-argument constructor, with the plugin's
     * loader as the thread context class loader.
     *
     * @throws ConnectException naming the class and its location if it is not a {@code type} or
     *                          its constructor fails
     */
    @SuppressWarnings("try") // the swap is used for its effect
    public <T> T newInstance(PluginDesc plugin, Class<T> type) {
        if (!type.isAssignableFrom(plugin.pluginClass())) {
            throw new ConnectException(plugin.className() + " (" + plugin.location() + ") is not a " + type.getName());
        }
        try (LoaderSwap swap = LoaderSwap.to(plugin.loader())) {
            return type.cast(plugin.pluginClass().getConstructor().newInstance());
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new ConnectException("Failed to create " + plugin.className() + " (" + plugin.location() + "): " + cause, cause);
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new ConnectException("Cannot instantiate " + plugin.className() + " (" + plugin.location() + "): " + e, e);
        }
    }

    /** Resolves {@code name} as a plugin of {@code kind} and creates an instance of it. */
    public <T> T newInstance(PluginKind kind, String name, Class<T> type) {
        return newInstance(resolve(kind, name), type);
    }

    /** Resolves a {@code connector.class} value and creates the connector. */
    public Connector newConnector(String name) {
        return newInstance(resolveConnector(name), Connector.class);
    }

    /** All discovered plugins, by kind and class name. */
    public List<PluginDesc> plugins() {
        return index.all();
    }

    /** The discovered plugins of one kind, by class name (each version and location listed). */
    public List<PluginDesc> plugins(PluginKind kind) {
        return index.ofKind(kind);
    }

    /** The loaded plugin locations. */
    public Set<Path> locations() {
        return Set.copyOf(registered.keySet());
    }

    /** The locations under the plugin path that could not be loaded, and why. */
    public Map<Path, Rejection> rejections() {
        return Map.copyOf(rejected);
    }

    /** The plugin class loader of a loaded location, if it is loaded. */
    public PluginClassLoader loaderOf(Path location) {
        Registered entry = registered.get(location.toAbsolutePath().normalize());
        return entry == null ? null : entry.loader();
    }

    /**
     * Loads (or reloads, with a new class loader) the plugins of one location: a JAR, or a
     * directory of JARs or class files. Instances created before a reload keep their classes.
     *
     * @return the plugins found there
     * @throws PluginLocationException if the location cannot be loaded or holds no plugin; the
     *                                 previously loaded version of the location, if any, stays
     * @throws ConnectException        in {@code hybrid_fail} mode, if a plugin lacks a manifest entry
     */
    public List<PluginDesc> addLocation(Path location) {
        Path loc = location.toAbsolutePath().normalize();
        Fingerprint fingerprint = PluginLocations.fingerprint(loc);
        if (fingerprint == null) {
            throw reject(loc, null, "it does not exist");
        }
        List<Path> roots;
        try {
            roots = PluginLocations.rootsOf(loc);
            PluginLocations.checkArchives(loc, roots);
        } catch (IOException e) {
            throw reject(loc, fingerprint, e.getMessage());
        }
        if (roots.isEmpty()) {
            throw reject(loc, fingerprint, "it holds no JAR, ZIP or class files");
        }
        PluginClassLoader loader = new PluginClassLoader(loc, urls(roots), workerLoader);
        List<PluginDesc> found;
        try {
            found = scanner.scan(PluginSource.of(loader, roots));
        } catch (IOException e) {
            closeQuietly(loader);
            throw reject(loc, fingerprint, e.getMessage());
        } catch (RuntimeException e) {
            closeQuietly(loader);
            rejected.put(loc, new Rejection(loc, e.getMessage(), fingerprint));
            throw e;
        }
        if (found.isEmpty()) {
            closeQuietly(loader);
            throw reject(loc, fingerprint, "no plugins found in it (" + PluginDiscoveryMode.CONFIG + "=" + mode.configValue() + ")");
        }
        Registered previous;
        synchronized (writeLock) {
            if (closed) {
                closeQuietly(loader);
                throw new ConnectException("The plugin registry is closed");
            }
            previous = registered.put(loc, new Registered(loader, fingerprint));
            index = index.with(loc.toString(), found);
            loaders.add(loader);
            rejected.remove(loc);
        }
        Set<String> names = found.stream().map(PluginDesc::simpleName).collect(Collectors.toCollection(LinkedHashSet::new));
        log.info("{} plugin location {}: {}", previous == null ? "Loaded" : "Reloaded", loc, String.join(", ", names));
        return found;
    }

    /**
     * Forgets the plugins of a location (e.g. deleted from disk). Instances already created keep
     * working with their classes; new ones cannot be created.
     *
     * @return whether the location was loaded
     */
    public boolean removeLocation(Path location) {
        Path loc = location.toAbsolutePath().normalize();
        synchronized (writeLock) {
            rejected.remove(loc);
            if (registered.remove(loc) == null) {
                return false;
            }
            index = index.without(loc.toString());
        }
        log.info("Removed plugin location {}", loc);
        return true;
    }

    /** The fingerprint of a loaded location when it was loaded, or null. */
    Fingerprint loadedFingerprint(Path location) {
        Registered entry = registered.get(location);
        return entry == null ? null : entry.fingerprint();
    }

    /** The fingerprint of a rejected location when it was rejected, or null. */
    Fingerprint rejectedFingerprint(Path location) {
        Rejection rejection = rejected.get(location);
        return rejection == null ? null : rejection.fingerprint();
    }

    /** Closes every plugin class loader. Plugin instances must not be used afterwards. */
    @Override
    public void close() {
        List<PluginClassLoader> toClose;
        synchronized (writeLock) {
            closed = true;
            toClose = new ArrayList<>(loaders);
            loaders.clear();
            registered.clear();
            index = PluginIndex.EMPTY;
        }
        toClose.forEach(Plugins::closeQuietly);
    }

    private PluginLocationException reject(Path location, Fingerprint fingerprint, String reason) {
        PluginLocationException e = new PluginLocationException(location, reason);
        rejected.put(location, new Rejection(location, reason, fingerprint));
        return e;
    }

    private static URL[] urls(List<Path> roots) {
        URL[] urls = new URL[roots.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = roots.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException(roots.get(i).toString(), e);
            }
        }
        return urls;
    }

    private static void closeQuietly(PluginClassLoader loader) {
        try {
            loader.close();
        } catch (IOException e) {
            log.debug("Closing {} failed: {}", loader, e.toString());
        }
    }
}

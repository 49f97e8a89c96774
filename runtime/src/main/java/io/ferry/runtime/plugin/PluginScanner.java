package io.ferry.runtime.plugin;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the plugins of one {@link PluginSource}, as {@code plugin.discovery} says: from the
 * {@code META-INF/services} manifests of the source (a plugin location's own manifests only, not
 * the worker's), by scanning its class files, or both. Every candidate is loaded with the
 * source's loader, without initialisation, and kept if it is a public concrete class with a
 * public no-argument constructor. Versions come from {@link Versioned#version()}.
 *
 * <p>Classes that cannot be loaded (a missing dependency, say) are skipped with one log line each.
 */
public final class PluginScanner {

    private static final Logger log = LoggerFactory.getLogger(PluginScanner.class);
    private static final String SERVICES = "META-INF/services/";

    private static final Map<List<Path>, Map<String, Set<PluginKind>>> CLASS_PATH_CANDIDATES = new ConcurrentHashMap<>();

    private final PluginDiscoveryMode mode;
    private final ScanCache cache;

    public PluginScanner(PluginDiscoveryMode mode) {
        this(mode, ScanCache.fromSystemProperty());
    }

    /** @param cache where the class scans of plugin locations are kept between starts */
    PluginScanner(PluginDiscoveryMode mode, ScanCache cache) {
        this.mode = mode;
        this.cache = cache;
    }

    /**
     * The plugins of {@code source}, in discovery order.
     *
     * @throws IOException      if the source's class files cannot be read
     * @throws ConnectException in {@code hybrid_fail} mode, if plugins lack a manifest entry
     */
    public List<PluginDesc> scan(PluginSource source) throws IOException {
        Map<String, Set<PluginKind>> declared = mode.readsManifests() ? readManifests(source) : Map.of();
        Map<String, Set<PluginKind>> scanned = mode.scansClasses() ? scanClasses(source) : Map.of();

        Map<String, Set<PluginKind>> candidates = new LinkedHashMap<>();
        declared.forEach((name, kinds) -> candidates.computeIfAbsent(name, n -> EnumSet.noneOf(PluginKind.class)).addAll(kinds));
        scanned.forEach((name, kinds) -> candidates.computeIfAbsent(name, n -> EnumSet.noneOf(PluginKind.class)).addAll(kinds));

        List<PluginDesc> plugins = new ArrayList<>();
        Set<String> undeclared = new TreeSet<>();
        candidates.forEach((className, kinds) -> {
            Class<?> pluginClass = load(source, className, declared.containsKey(className));
            if (pluginClass == null) {
                return;
            }
            String version = null;
            for (PluginKind kind : kinds) {
                if (!kind.baseType().isAssignableFrom(pluginClass)) {
                    if (declared.getOrDefault(className, Set.of()).contains(kind)) {
                        log.warn("Ignoring {} in {}: its META-INF/services manifest lists it as a {}, but it does not implement {}",
                                className, source.location(), kind.displayName(), kind.baseType().getName());
                    }
                    continue;
                }
                if (mode.readsManifests() && !declared.getOrDefault(className, Set.of()).contains(kind)) {
                    undeclared.add(className + " (" + kind.displayName() + ")");
                }
                if (version == null) {
                    version = versionOf(pluginClass, source);
                }
                plugins.add(new PluginDesc(className, kind, version, source.location(), source.loader(), pluginClass));
            }
        });
        checkManifests(source, undeclared);
        return plugins;
    }

    private void checkManifests(PluginSource source, Set<String> undeclared) {
        if (undeclared.isEmpty() || !mode.scansClasses()) {
            return;
        }
        String message = "found by scanning but missing from META-INF/services manifests in " + source.location()
                + " (plugin.discovery=service_load would not find them): " + String.join(", ", undeclared);
        if (mode == PluginDiscoveryMode.HYBRID_FAIL) {
            throw new ConnectException("Plugins " + message + ". Add the manifests, or set "
                    + PluginDiscoveryMode.CONFIG + " to hybrid_warn or only_scan");
        }
        log.warn("Plugins {}", message);
    }

    private Map<String, Set<PluginKind>> scanClasses(PluginSource source) throws IOException {
        if (source.isolated()) {
            return cache.candidates(source, () -> ClassIndex.read(source.roots(), source.loader().getParent(), true).pluginCandidates());
        }
        if (source.loader() != PluginScanner.class.getClassLoader()) {
            return ClassIndex.read(source.roots(), source.loader(), false).pluginCandidates();
        }
        // The application class path does not change while the worker runs: scan it once.
        return CLASS_PATH_CANDIDATES.computeIfAbsent(source.roots(), roots -> {
            try {
                return Collections.unmodifiableMap(ClassIndex.read(roots, source.loader(), false).pluginCandidates());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private Class<?> load(PluginSource source, String className, boolean fromManifest) {
        Class<?> pluginClass;
        try {
            pluginClass = Class.forName(className, false, source.loader());
        } catch (ClassNotFoundException e) {
            log.warn("Ignoring plugin {} in {}: listed in a META-INF/services manifest, but the class is not there",
                    className, source.location());
            return null;
        } catch (LinkageError e) {
            log.warn("Ignoring plugin {} in {}: it cannot be loaded ({})", className, source.location(), e.toString());
            return null;
        }
        if (source.isolated() && pluginClass.getClassLoader() != source.loader()) {
            log.debug("Ignoring {} in {}: the worker provides it", className, source.location());
            return null;
        }
        String problem = instantiationProblem(pluginClass);
        if (problem != null) {
            if (fromManifest) {
                log.warn("Ignoring plugin {} in {}: {}", className, source.location(), problem);
            } else {
                log.debug("Ignoring {} in {}: {}", className, source.location(), problem);
            }
            return null;
        }
        return pluginClass;
    }

    static String instantiationProblem(Class<?> pluginClass) {
        int modifiers = pluginClass.getModifiers();
        if (Modifier.isInterface(modifiers) || Modifier.isAbstract(modifiers)) {
            return "it is abstract";
        }
        if (!Modifier.isPublic(modifiers)) {
            return "it is not public";
        }
        if (pluginClass.getEnclosingClass() != null && !Modifier.isStatic(modifiers)) {
            return "it is an inner class that is not static";
        }
        try {
            pluginClass.getConstructor();
            return null;
        } catch (NoSuchMethodException e) {
            return "it has no public no-argument constructor";
        } catch (LinkageError | SecurityException e) {
            return "its constructors cannot be resolved (" + e + ")";
        }
    }

    @SuppressWarnings("try") // the swap is used for its effect
    static String versionOf(Class<?> pluginClass, PluginSource source) {
        if (!Versioned.class.isAssignableFrom(pluginClass)) {
            return PluginDesc.UNDEFINED_VERSION;
        }
        try (LoaderSwap swap = LoaderSwap.to(source.loader())) {
            Object instance = pluginClass.getConstructor().newInstance();
            String version = ((Versioned) instance).version();
            return version == null ? PluginDesc.UNDEFINED_VERSION : version;
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : e;
            log.warn("Cannot get the version of plugin {} in {}: {}", pluginClass.getName(), source.location(), cause.toString());
            return PluginDesc.UNDEFINED_VERSION;
        }
    }

    /** Class name to the kinds under whose service manifests it is listed, in manifest order. */
    private static Map<String, Set<PluginKind>> readManifests(PluginSource source) throws IOException {
        Map<String, Set<PluginKind>> declared = new LinkedHashMap<>();
        for (PluginKind kind : PluginKind.values()) {
            String resource = SERVICES + kind.baseType().getName();
            Enumeration<URL> manifests = source.loader() instanceof PluginClassLoader own
                    ? own.findResources(resource)
                    : source.loader().getResources(resource);
            for (URL manifest : Collections.list(manifests)) {
                for (String className : readManifest(manifest, source)) {
                    declared.computeIfAbsent(className, n -> EnumSet.noneOf(PluginKind.class)).add(kind);
                }
            }
        }
        return declared;
    }

    private static List<String> readManifest(URL manifest, PluginSource source) {
        List<String> classNames = new ArrayList<>();
        try {
            URLConnection connection = manifest.openConnection();
            connection.setUseCaches(false); // a JAR replaced on disk must not be read from a stale cache
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(connection.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    int comment = line.indexOf('#');
                    String className = (comment >= 0 ? line.substring(0, comment) : line).trim();
                    if (!className.isEmpty()) {
                        classNames.add(className);
                    }
                }
            }
        } catch (IOException e) {
            log.warn("Cannot read service manifest {} in {}: {}", manifest, source.location(), e.toString());
        }
        return classNames;
    }
}

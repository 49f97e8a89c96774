package io.ferry.runtime.plugin;

import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * One discovered plugin: a class of one {@link PluginKind} at one location.
 *
 * @param className   the binary class name, e.g. {@code org.apache.kafka.connect.transforms.HoistField$Value}
 * @param kind        what kind of plugin the class is (a class may have several descriptors, one per kind)
 * @param version     from {@link org.apache.kafka.connect.components.Versioned#version()}, or
 *                    {@link #UNDEFINED_VERSION}
 * @param location    the plugin location (a path under {@code plugin.path}), or {@link #CLASSPATH}
 * @param loader      the class loader to instantiate and run the plugin with
 * @param pluginClass the loaded class
 */
public record PluginDesc(String className, PluginKind kind, String version, String location,
                         ClassLoader loader, Class<?> pluginClass) {

    /** The location of plugins found on the worker's own class path. */
    public static final String CLASSPATH = "classpath";

    /** The version of plugins that do not implement {@code Versioned} or whose version is unknown. */
    public static final String UNDEFINED_VERSION = "undefined";

    public PluginDesc {
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(loader, "loader");
        Objects.requireNonNull(pluginClass, "pluginClass");
        version = version == null || version.isBlank() ? UNDEFINED_VERSION : version;
    }

    /** Whether the plugin has its own {@link PluginClassLoader} (as opposed to the worker's class path). */
    public boolean isolated() {
        return loader instanceof PluginClassLoader;
    }

    /** The class name without its package, nested classes with {@code $}: {@code HoistField$Value}. */
    public String simpleName() {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    /**
     * The short names that {@link Plugins#resolve(PluginKind, String)} accepts besides the full
     * class name: the simple name ({@code FileStreamSourceConnector}, {@code HoistField$Value}, also
     * written {@code HoistField.Value}) and the simple name without the kind's suffix
     * ({@code FileStreamSource}, {@code JsonConverter} as a converter gives {@code Json}).
     */
    public Set<String> aliases() {
        Set<String> aliases = new LinkedHashSet<>();
        String simple = simpleName();
        aliases.add(simple);
        if (simple.indexOf('$') > 0) {
            aliases.add(simple.replace('$', '.'));
        }
        for (String suffix : kind.aliasSuffixes()) {
            if (simple.endsWith(suffix) && simple.length() > suffix.length()) {
                aliases.add(simple.substring(0, simple.length() - suffix.length()));
                break;
            }
        }
        return aliases;
    }

    @Override
    public String toString() {
        return className + " (" + kind.displayName() + ", version " + version + ", " + location + ")";
    }
}

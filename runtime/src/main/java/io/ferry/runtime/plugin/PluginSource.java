package io.ferry.runtime.plugin;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Where plugins are looked for: one plugin location with its own {@link PluginClassLoader}, or the
 * worker's class path.
 *
 * @param location a plugin location path, or {@link PluginDesc#CLASSPATH}
 * @param loader   the loader that loads the plugins
 * @param roots    the JARs and class directories to scan
 */
public record PluginSource(String location, ClassLoader loader, List<Path> roots) {

    public PluginSource {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(loader, "loader");
        roots = List.copyOf(roots);
    }

    /** A plugin location under {@code plugin.path}. */
    public static PluginSource of(PluginClassLoader loader, List<Path> roots) {
        return new PluginSource(loader.location().toString(), loader, roots);
    }

    /** The worker's own class path, loaded by {@code loader}. */
    public static PluginSource classPath(ClassLoader loader, List<Path> roots) {
        return new PluginSource(PluginDesc.CLASSPATH, loader, roots);
    }

    /** Whether this is a plugin location with its own class loader. */
    public boolean isolated() {
        return loader instanceof PluginClassLoader;
    }
}

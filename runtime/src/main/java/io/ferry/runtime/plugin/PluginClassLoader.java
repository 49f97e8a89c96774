package io.ferry.runtime.plugin;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;

/**
 * The class loader of one plugin location (a JAR, or a directory of JARs or class files) under
 * {@code plugin.path}.
 *
 * <p>Child-first: a class is looked up in the plugin before the worker, except the JDK, SLF4J and
 * Kafka's API and framework classes, which {@link ClassIsolation} sends to the worker first (so
 * that plugin objects are instances of the worker's {@code Connector}, {@code Converter}, ...).
 * Resources are child-first too, and {@link #getResources(String)} lists the plugin's own before
 * the worker's.
 */
public final class PluginClassLoader extends URLClassLoader {

    static {
        ClassLoader.registerAsParallelCapable();
    }

    private final Path location;

    /**
     * @param location the plugin location, used in messages and {@link #toString()}
     * @param urls     the JARs and class directories of the plugin
     * @param parent   the worker's class loader
     */
    public PluginClassLoader(Path location, URL[] urls, ClassLoader parent) {
        super("plugin:" + location.getFileName(), urls, Objects.requireNonNull(parent, "parent"));
        this.location = location;
    }

    /** The plugin location this loader serves. */
    public Path location() {
        return location;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null) {
                loaded = ClassIsolation.isParentFirst(name) ? parentThenSelf(name) : selfThenParent(name);
            }
            if (resolve) {
                resolveClass(loaded);
            }
            return loaded;
        }
    }

    private Class<?> parentThenSelf(String name) throws ClassNotFoundException {
        try {
            return getParent().loadClass(name);
        } catch (ClassNotFoundException notInWorker) {
            return findClass(name);
        }
    }

    private Class<?> selfThenParent(String name) throws ClassNotFoundException {
        try {
            return findClass(name);
        } catch (ClassNotFoundException notInPlugin) {
            return getParent().loadClass(name);
        }
    }

    @Override
    public URL getResource(String name) {
        URL own = findResource(name);
        return own != null ? own : getParent().getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        List<URL> urls = new ArrayList<>(Collections.list(findResources(name)));
        urls.addAll(Collections.list(getParent().getResources(name)));
        return Collections.enumeration(urls);
    }

    @Override
    public String toString() {
        return "PluginClassLoader{location=" + location + "}";
    }
}

package io.ferry.runtime.plugin;

import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves a full class name that discovery did not list, but that the worker's class loader can
 * load: a plugin on the class path without a {@code META-INF/services} entry under
 * {@code plugin.discovery=service_load}. Kafka Connect accepts these too.
 */
final class ClassPathFallback {

    private static final Logger log = LoggerFactory.getLogger(ClassPathFallback.class);

    private ClassPathFallback() {
    }

    /** The plugin of one of {@code kinds} with class name {@code className}, or null. */
    static PluginDesc find(Set<PluginKind> kinds, String className, ClassLoader workerLoader) {
        if (className.indexOf('.') < 0) {
            return null;
        }
        Class<?> pluginClass;
        try {
            pluginClass = Class.forName(className, false, workerLoader);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
        if (PluginScanner.instantiationProblem(pluginClass) != null) {
            return null;
        }
        for (PluginKind kind : kinds) {
            if (kind.baseType().isAssignableFrom(pluginClass)) {
                PluginSource source = PluginSource.classPath(workerLoader, List.of());
                log.debug("Using {} from the worker class path, although discovery did not list it", className);
                return new PluginDesc(className, kind, PluginScanner.versionOf(pluginClass, source),
                        PluginDesc.CLASSPATH, workerLoader, pluginClass);
            }
        }
        return null;
    }
}

package io.ferry.runtime.plugin;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides which classes a plugin class loader takes from the worker (its parent) first, and
 * which a plugin may bring in its own version of.
 *
 * <p>Always from the worker: the JDK (every package of a module in the boot layer, so
 * {@code java.*}, the JDK's {@code javax.*}, {@code org.w3c.dom}, ...; a {@code javax.*} library
 * the JDK does not ship, such as {@code javax.inject}, may be bundled), SLF4J, and Kafka's API
 * and framework: {@code org.apache.kafka.*} including the Connect API (connectors, data, errors,
 * headers, storage, sink, source, transforms and predicates interfaces, ...) and kafka-clients.
 *
 * <p>Exceptions: implementations that Kafka ships as ordinary plugins live inside the
 * {@code org.apache.kafka} namespace, so a plugin may bundle them: the transformations and
 * predicates (but not the {@code Transformation} and {@code Predicate} interfaces), the JSON,
 * file and MirrorMaker connectors and converters, the numeric and byte-array converters,
 * {@code StringConverter}, {@code SimpleHeaderConverter}, the client config override policies
 * (but not their interface and request type), and the config providers (but not the
 * {@code ConfigProvider} interface).
 *
 * <p>A framework class that the worker does not have is still loaded from the plugin, so a plugin
 * that needs parts of Kafka which Ferry does not provide can bundle them.
 */
public final class ClassIsolation {

    private static final Set<String> JDK_PACKAGES = ModuleLayer.boot().modules().stream()
            .flatMap(module -> module.getPackages().stream())
            .collect(Collectors.toUnmodifiableSet());

    private static final List<String> FRAMEWORK_PREFIXES = List.of("org.slf4j.", "org.apache.kafka.");

    /** Packages (with all sub-packages) under org.apache.kafka that hold plugin implementations. */
    private static final List<String> BUNDLEABLE_KAFKA_PACKAGES = List.of(
            "org.apache.kafka.connect.transforms.",
            "org.apache.kafka.connect.json.",
            "org.apache.kafka.connect.file.",
            "org.apache.kafka.connect.mirror.",
            "org.apache.kafka.connect.converters.",
            "org.apache.kafka.connect.rest.basic.auth.extension.",
            "org.apache.kafka.connect.connector.policy.",
            "org.apache.kafka.common.config.provider.");

    /** Plugin implementations that share a package with the API. */
    private static final Set<String> BUNDLEABLE_KAFKA_CLASSES = Set.of(
            "org.apache.kafka.connect.storage.StringConverter",
            "org.apache.kafka.connect.storage.SimpleHeaderConverter");

    /** API types inside the bundleable packages: these always come from the worker. */
    private static final Set<String> API_TYPES = Set.of(
            "org.apache.kafka.connect.transforms.Transformation",
            "org.apache.kafka.connect.transforms.predicates.Predicate",
            "org.apache.kafka.connect.connector.policy.ConnectorClientConfigOverridePolicy",
            "org.apache.kafka.connect.connector.policy.ConnectorClientConfigRequest",
            "org.apache.kafka.common.config.provider.ConfigProvider");

    private ClassIsolation() {
    }

    /**
     * Whether a plugin class loader asks the worker first for the class with this binary name
     * (and only then looks in the plugin), as opposed to child-first.
     */
    public static boolean isParentFirst(String className) {
        if (isJdk(className)) {
            return true;
        }
        for (String prefix : FRAMEWORK_PREFIXES) {
            if (className.startsWith(prefix)) {
                return !isBundleableKafkaClass(className);
            }
        }
        return false;
    }

    private static boolean isJdk(String className) {
        if (className.startsWith("java.")) {
            return true;
        }
        int dot = className.lastIndexOf('.');
        return dot > 0 && JDK_PACKAGES.contains(className.substring(0, dot));
    }

    private static boolean isBundleableKafkaClass(String className) {
        int nested = className.indexOf('$');
        String topLevel = nested < 0 ? className : className.substring(0, nested);
        if (API_TYPES.contains(topLevel)) {
            return false;
        }
        if (BUNDLEABLE_KAFKA_CLASSES.contains(topLevel)) {
            return true;
        }
        for (String prefix : BUNDLEABLE_KAFKA_PACKAGES) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}

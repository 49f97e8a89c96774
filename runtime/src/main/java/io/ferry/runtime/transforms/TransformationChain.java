package io.ferry.runtime.transforms;

import io.ferry.runtime.config.ConfigProblem;
import io.ferry.runtime.config.ConnectorConfig;
import io.ferry.runtime.errors.RetryWithTolerance.RecordProcessing;
import io.ferry.runtime.errors.Stage;
import io.ferry.runtime.plugin.LoaderSwap;
import io.ferry.runtime.plugin.PluginDesc;
import io.ferry.runtime.plugin.PluginKind;
import io.ferry.runtime.plugin.Plugins;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.transforms.Transformation;
import org.apache.kafka.connect.transforms.predicates.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transformations of one task, in order, each with its optional predicate.
 *
 * @param <R> {@code SourceRecord} or {@code SinkRecord}
 */
public final class TransformationChain<R extends ConnectRecord<R>> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TransformationChain.class);

    private record Step<R extends ConnectRecord<R>>(String alias, Transformation<R> transformation,
                                                    Predicate<R> predicate, boolean negate) {
        R apply(R record) {
            if (predicate != null && predicate.test(record) == negate) {
                return record;
            }
            return transformation.apply(record);
        }
    }

    private final List<Step<R>> steps;
    private final List<Predicate<R>> predicates;

    private TransformationChain(List<Step<R>> steps, Collection<Predicate<R>> predicates) {
        this.steps = steps;
        this.predicates = List.copyOf(predicates);
    }

    /** A chain that passes records through. */
    public static <R extends ConnectRecord<R>> TransformationChain<R> empty() {
        return new TransformationChain<>(List.of(), List.of());
    }

    /**
     * Creates and configures the connector's transformations and predicates.
     *
     * @throws ConnectException if one cannot be created or configured (naming its alias)
     */
    @SuppressWarnings("unchecked")
    public static <R extends ConnectRecord<R>> TransformationChain<R> build(ConnectorConfig config, Plugins plugins) {
        Map<String, Predicate<R>> predicates = new HashMap<>();
        List<Step<R>> steps = new ArrayList<>();
        try {
            for (String alias : config.predicates()) {
                PluginDesc desc = plugins.resolve(PluginKind.PREDICATE, config.predicateType(alias));
                Predicate<R> predicate = plugins.newInstance(desc, Predicate.class);
                predicates.put(alias, predicate);
                configure(desc, "predicate '" + alias + "'", () -> predicate.configure(config.predicateProps(alias)));
            }
            for (String alias : config.transforms()) {
                PluginDesc desc = plugins.resolve(PluginKind.TRANSFORMATION, config.transformType(alias));
                Transformation<R> transformation = plugins.newInstance(desc, Transformation.class);
                String predicateAlias = config.transformPredicate(alias);
                steps.add(new Step<>(alias, transformation, predicateAlias == null ? null : predicates.get(predicateAlias),
                        config.transformNegate(alias)));
                configure(desc, "transformation '" + alias + "'", () -> transformation.configure(config.transformProps(alias)));
            }
        } catch (RuntimeException e) {
            new TransformationChain<>(steps, predicates.values()).close();
            throw e;
        }
        return new TransformationChain<>(steps, predicates.values());
    }

    @SuppressWarnings("try")
    private static void configure(PluginDesc desc, String what, Runnable configure) {
        try (LoaderSwap swap = LoaderSwap.to(desc.loader())) {
            configure.run();
        } catch (RuntimeException e) {
            throw new ConnectException("Cannot configure " + what + " (" + desc.className() + "): " + e.getMessage(), e);
        }
    }

    /**
     * Every problem with the classes and settings of the connector's transformations and
     * predicates: unknown classes, and settings their {@code config()} rejects.
     */
    public static List<ConfigProblem> validate(ConnectorConfig config, Plugins plugins) {
        List<ConfigProblem> problems = new ArrayList<>();
        for (String alias : config.predicates()) {
            String prefix = ConnectorConfig.PREDICATES + "." + alias + ".";
            validatePlugin(plugins, PluginKind.PREDICATE, Predicate.class, config.predicateType(alias), prefix,
                    config.predicateProps(alias), problems);
        }
        for (String alias : config.transforms()) {
            String prefix = ConnectorConfig.TRANSFORMS + "." + alias + ".";
            validatePlugin(plugins, PluginKind.TRANSFORMATION, Transformation.class, config.transformType(alias), prefix,
                    config.transformProps(alias), problems);
        }
        return problems;
    }

    @SuppressWarnings("try")
    private static void validatePlugin(Plugins plugins, PluginKind kind, Class<?> type, String className, String prefix,
                                       Map<String, String> props, List<ConfigProblem> problems) {
        PluginDesc desc;
        try {
            desc = plugins.resolve(kind, className);
        } catch (ConnectException e) {
            problems.add(new ConfigProblem(prefix + ConnectorConfig.TYPE, e.getMessage()));
            return;
        }
        Object instance = null;
        try (LoaderSwap swap = LoaderSwap.to(desc.loader())) {
            instance = plugins.newInstance(desc, type);
            ConfigDef definition = instance instanceof Transformation<?> t ? t.config() : ((Predicate<?>) instance).config();
            if (definition != null) {
                problems.addAll(ConfigProblem.validate(definition, props, prefix));
            }
        } catch (RuntimeException e) {
            problems.add(new ConfigProblem(prefix + ConnectorConfig.TYPE, "cannot check " + desc.className() + ": " + e));
        } finally {
            if (instance instanceof AutoCloseable closeable) {
                closeQuietly(closeable);
            }
        }
    }

    /**
     * Applies the chain to one record, each step as a {@link Stage#TRANSFORMATION} of
     * {@code processing}.
     *
     * @return the transformed record, or null if a transformation dropped it or failed (see
     *         {@link RecordProcessing#failed()})
     */
    public R apply(RecordProcessing processing, R record) {
        R current = record;
        for (Step<R> step : steps) {
            if (current == null) {
                return null;
            }
            R input = current;
            current = processing.execute(Stage.TRANSFORMATION, step.transformation().getClass(), () -> step.apply(input));
            if (processing.failed()) {
                return null;
            }
        }
        return current;
    }

    /** Whether the chain has no transformations. */
    public boolean isEmpty() {
        return steps.isEmpty();
    }

    @Override
    public void close() {
        steps.forEach(step -> closeQuietly(step.transformation()));
        predicates.forEach(TransformationChain::closeQuietly);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            log.warn("Closing {} failed: {}", closeable.getClass().getName(), e.toString());
        }
    }
}

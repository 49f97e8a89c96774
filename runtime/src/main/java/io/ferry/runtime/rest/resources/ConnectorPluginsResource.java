package io.ferry.runtime.rest.resources;

import io.ferry.runtime.config.ConfigProblem;
import io.ferry.runtime.config.ConnectorConfig;
import io.ferry.runtime.plugin.LoaderSwap;
import io.ferry.runtime.plugin.PluginDesc;
import io.ferry.runtime.plugin.PluginKind;
import io.ferry.runtime.plugin.Plugins;
import io.ferry.runtime.rest.dto.ConfigInfoEntity;
import io.ferry.runtime.rest.dto.ConfigInfosEntity;
import io.ferry.runtime.rest.dto.ConfigKeyEntity;
import io.ferry.runtime.rest.dto.ConfigValueEntity;
import io.ferry.runtime.rest.dto.PluginEntity;
import io.ferry.runtime.security.AllowedPaths;
import io.ferry.runtime.security.Redactor;
import io.ferry.runtime.worker.Worker;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Connector;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.NotFoundException;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.storage.HeaderConverter;
import org.apache.kafka.connect.transforms.Transformation;
import org.apache.kafka.connect.transforms.predicates.Predicate;

/**
 * {@code /connector-plugins}: the plugins the worker can run, a plugin's configuration keys, and
 * the validation of a connector configuration with every key's definition, value and errors (values of
 * secret keys, PASSWORD-typed ones included, shown as {@value io.ferry.runtime.security.Redactor#MASK}).
 */
@Path("/connector-plugins")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class ConnectorPluginsResource {

    /** The kinds listed with {@code connectorsOnly=false}, as Kafka Connect lists them. */
    private static final Set<PluginKind> LISTED = EnumSet.of(PluginKind.SOURCE_CONNECTOR, PluginKind.SINK_CONNECTOR,
            PluginKind.CONVERTER, PluginKind.HEADER_CONVERTER, PluginKind.TRANSFORMATION, PluginKind.PREDICATE);
    private static final Set<PluginKind> CONNECTORS = EnumSet.of(PluginKind.SOURCE_CONNECTOR, PluginKind.SINK_CONNECTOR);
    private static final Set<String> SINK_ONLY = Set.of(ConnectorConfig.TOPICS, ConnectorConfig.TOPICS_REGEX,
            ConnectorConfig.DLQ_TOPIC, ConnectorConfig.DLQ_REPLICATION_FACTOR, ConnectorConfig.DLQ_CONTEXT_HEADERS);

    private final Worker worker;

    public ConnectorPluginsResource(Worker worker) {
        this.worker = worker;
    }

    @GET
    public List<PluginEntity> list(@QueryParam("connectorsOnly") @DefaultValue("true") boolean connectorsOnly) {
        Set<PluginKind> kinds = connectorsOnly ? CONNECTORS : LISTED;
        Set<PluginEntity> plugins = new LinkedHashSet<>();
        worker.plugins().plugins().stream()
                .filter(p -> kinds.contains(p.kind()))
                .sorted(Comparator.comparing(PluginDesc::className).thenComparing(p -> p.kind().ordinal()))
                .forEach(p -> plugins.add(new PluginEntity(p.className(), p.kind().restType(), p.version())));
        return new ArrayList<>(plugins);
    }

    /** The definitions of a plugin's own configuration keys. */
    @GET
    @Path("/{plugin}/config")
    public List<ConfigKeyEntity> config(@PathParam("plugin") String name) {
        PluginDesc plugin = find(name, LISTED);
        List<ConfigKeyEntity> keys = new ArrayList<>();
        configDef(plugin).configKeys().values().forEach(key -> keys.add(definition(key)));
        return keys;
    }

    /** Validates a connector configuration: every key with its definition, value and errors. */
    @PUT
    @Path("/{plugin}/config/validate")
    public ConfigInfosEntity validate(@PathParam("plugin") String name, Map<String, String> body) {
        PluginDesc plugin = find(name, CONNECTORS);
        Map<String, String> config = new LinkedHashMap<>(Entities.config(body, false));
        String given = config.get(ConnectorConfig.CONNECTOR_CLASS);
        if (given == null || given.isBlank()) {
            config.put(ConnectorConfig.CONNECTOR_CLASS, plugin.className());
        } else if (!find(given, CONNECTORS).className().equals(plugin.className())) {
            throw new BadRequestException("The configuration's connector.class (" + given + ") is not the plugin " + name);
        }
        Map<String, List<String>> errors = new LinkedHashMap<>();
        List<ConfigProblem> problems = worker.validate(config);
        problems.forEach(p -> errors.computeIfAbsent(p.key(), k -> new ArrayList<>()).add(Redactor.text(p.message())));
        Map<String, ConfigValue> values = connectorValues(plugin, config);
        Map<String, String> shown = Redactor.config(config);

        Map<String, ConfigInfoEntity> entries = new LinkedHashMap<>();
        List<String> groups = new ArrayList<>();
        for (ConfigDef.ConfigKey key : ConnectorConfig.DEFINITION.configKeys().values()) {
            if (plugin.kind() == PluginKind.SOURCE_CONNECTOR && SINK_ONLY.contains(key.name)) {
                continue;
            }
            String group = key.name.startsWith("errors.") ? "Error Handling"
                    : key.name.equals(ConnectorConfig.TRANSFORMS) ? "Transforms"
                    : key.name.equals(ConnectorConfig.PREDICATES) ? "Predicates" : "Common";
            entries.put(key.name, entry(definition(key, group), shown, errors, values.get(key.name), key));
            addGroup(groups, group);
        }
        for (ConfigDef.ConfigKey key : configDef(plugin).configKeys().values()) {
            entries.putIfAbsent(key.name, entry(definition(key), shown, errors, values.get(key.name), key));
            addGroup(groups, key.group);
        }
        for (String key : errors.keySet()) {
            if (!entries.containsKey(key)) {
                ConfigKeyEntity synthetic = new ConfigKeyEntity(key, "STRING", false, null, "HIGH", "", null, -1, "NONE", key, List.of());
                entries.put(key, new ConfigInfoEntity(synthetic, new ConfigValueEntity(key, shown.get(key), List.of(), errors.get(key), true)));
            }
        }
        return new ConfigInfosEntity(plugin.className(), problems.size(), groups, new ArrayList<>(entries.values()));
    }

    private static void addGroup(List<String> groups, String group) {
        if (group != null && !groups.contains(group)) {
            groups.add(group);
        }
    }

    /**
     * One key's definition and value. {@code config} is the submitted configuration with secrets already masked;
     * a PASSWORD-typed key's value is {@value Redactor#MASK} whatever its name, as Kafka Connect shows it.
     */
    private static ConfigInfoEntity entry(ConfigKeyEntity definition, Map<String, String> config, Map<String, List<String>> errors,
                                          ConfigValue value, ConfigDef.ConfigKey key) {
        String given = config.get(key.name);
        if (given != null && key.type == ConfigDef.Type.PASSWORD) {
            given = Redactor.MASK;
        }
        String shown = given != null ? given : key.hasDefault() && key.defaultValue != null
                ? ConfigDef.convertToString(key.defaultValue, key.type) : null;
        List<String> recommended = new ArrayList<>();
        boolean visible = true;
        if (value != null) {
            value.recommendedValues().forEach(v -> recommended.add(String.valueOf(v)));
            visible = value.visible();
        }
        return new ConfigInfoEntity(definition, new ConfigValueEntity(key.name, shown, recommended,
                errors.getOrDefault(key.name, List.of()), visible));
    }

    private static ConfigKeyEntity definition(ConfigDef.ConfigKey key) {
        return definition(key, key.group);
    }

    private static ConfigKeyEntity definition(ConfigDef.ConfigKey key, String group) {
        String defaultValue = key.hasDefault() && key.defaultValue != null ? ConfigDef.convertToString(key.defaultValue, key.type) : null;
        return new ConfigKeyEntity(key.name, key.type.name(), !key.hasDefault(), defaultValue, key.importance == null ? null : key.importance.name(),
                key.documentation, group, key.orderInGroup, key.width == null ? null : key.width.name(), key.displayName,
                key.dependents == null ? List.of() : List.copyOf(key.dependents));
    }

    /** Recommended values and visibility from the connector's own {@code validate()} (errors come from the worker's validation). */
    @SuppressWarnings("try")
    private Map<String, ConfigValue> connectorValues(PluginDesc plugin, Map<String, String> config) {
        Map<String, ConfigValue> values = new HashMap<>();
        try (LoaderSwap swap = LoaderSwap.to(plugin.loader())) {
            Connector connector = worker.plugins().newInstance(plugin, Connector.class);
            Config result = connector.validate(AllowedPaths.of(worker.config()).inject(connector.config(), config));
            if (result != null) {
                result.configValues().forEach(v -> values.put(v.name(), v));
            }
        } catch (RuntimeException e) {
            // The worker's validation reports the failure.
        }
        return values;
    }

    private PluginDesc find(String name, Set<PluginKind> kinds) {
        Plugins plugins = worker.plugins();
        try {
            return plugins.resolve(kinds, name);
        } catch (ConnectException e) {
            throw new NotFoundException("Unknown plugin " + name + ". " + e.getMessage(), e);
        }
    }

    /** The plugin's own configuration definition. */
    @SuppressWarnings("try")
    private ConfigDef configDef(PluginDesc plugin) {
        try (LoaderSwap swap = LoaderSwap.to(plugin.loader())) {
            Object instance = worker.plugins().newInstance(plugin, Object.class);
            ConfigDef def = switch (plugin.kind()) {
                case SOURCE_CONNECTOR, SINK_CONNECTOR -> ((Connector) instance).config();
                case CONVERTER -> ((Converter) instance).config();
                case HEADER_CONVERTER -> ((HeaderConverter) instance).config();
                case TRANSFORMATION -> ((Transformation<?>) instance).config();
                case PREDICATE -> ((Predicate<?>) instance).config();
                default -> new ConfigDef();
            };
            return def == null ? new ConfigDef() : def;
        }
    }
}

package io.ferry.runtime.config;

import io.ferry.runtime.plugin.LoaderSwap;
import io.ferry.runtime.plugin.PluginDesc;
import io.ferry.runtime.plugin.PluginKind;
import io.ferry.runtime.plugin.Plugins;
import io.ferry.runtime.security.Redactor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigTransformer;
import org.apache.kafka.common.config.provider.ConfigProvider;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's {@code config.providers}: {@code config.providers=file},
 * {@code config.providers.file.class=FileConfigProvider} and its settings under
 * {@code config.providers.file.param.}. A connector configuration value
 * {@code ${file:/etc/secrets.properties:password}} is replaced by what the provider returns when
 * the connector and its tasks start; the stored configuration keeps the reference.
 */
public final class ConfigProviders implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConfigProviders.class);

    private final Map<String, ConfigProvider> providers;
    private final ConfigTransformer transformer;

    private ConfigProviders(Map<String, ConfigProvider> providers) {
        this.providers = providers;
        this.transformer = new ConfigTransformer(providers);
    }

    /**
     * Creates and configures the providers the worker configuration lists, through the plugin
     * registry (so they may come from the plugin path).
     *
     * @throws ConnectException if a provider has no class, cannot be found or fails to configure
     */
    @SuppressWarnings("try")
    public static ConfigProviders create(WorkerConfig config, Plugins plugins) {
        Map<String, ConfigProvider> providers = new LinkedHashMap<>();
        try {
            for (String alias : config.configProviders()) {
                String prefix = WorkerConfig.CONFIG_PROVIDERS + "." + alias + ".";
                Object className = config.originals().get(prefix + "class");
                if (className == null || String.valueOf(className).isBlank()) {
                    throw new ConnectException("Config provider '" + alias + "' has no class: set " + prefix + "class");
                }
                PluginDesc desc = plugins.resolve(PluginKind.CONFIG_PROVIDER, String.valueOf(className));
                requireLimits(alias, desc.className(), config.originalsWithPrefix(prefix + "param."));
                ConfigProvider provider = plugins.newInstance(desc, ConfigProvider.class);
                providers.put(alias, provider);
                try (LoaderSwap swap = LoaderSwap.to(desc.loader())) {
                    provider.configure(config.originalsWithPrefix(prefix + "param."));
                } catch (RuntimeException e) {
                    throw new ConnectException("Config provider '" + alias + "' (" + desc.className() + ") failed to configure: " + e, e);
                }
                log.info("Config provider '{}' is {}", alias, desc.className());
            }
        } catch (RuntimeException e) {
            providers.values().forEach(ConfigProviders::closeQuietly);
            throw e;
        }
        return new ConfigProviders(providers);
    }

    /**
     * Kafka's providers that read the worker's files or environment must be limited: FileConfigProvider
     * and DirectoryConfigProvider to {@code allowed.paths}, EnvVarConfigProvider to {@code allowlist.pattern}
     * (otherwise anyone who may create a connector can read any file or variable of the worker).
     */
    private static void requireLimits(String alias, String className, Map<String, Object> params) {
        String param = switch (className) {
            case "org.apache.kafka.common.config.provider.FileConfigProvider",
                 "org.apache.kafka.common.config.provider.DirectoryConfigProvider" -> "allowed.paths";
            case "org.apache.kafka.common.config.provider.EnvVarConfigProvider" -> "allowlist.pattern";
            default -> null;
        };
        Object value = param == null ? null : params.get(param);
        if (param != null && (value == null || String.valueOf(value).isBlank())) {
            throw new ConnectException("Config provider '" + alias + "' (" + className.substring(className.lastIndexOf('.') + 1)
                    + ") must be limited: set " + WorkerConfig.CONFIG_PROVIDERS + "." + alias + ".param." + param
                    + (param.equals("allowed.paths") ? " to the directories it may read" : " to the variables it may read"));
        }
    }

    /** No providers: configurations are used as given. */
    public static ConfigProviders none() {
        return new ConfigProviders(Map.of());
    }

    /**
     * Replaces the {@code ${provider:[path:]key}} references in {@code config}.
     *
     * @throws ConnectException if a provider fails
     */
    public Map<String, String> transform(Map<String, String> config) {
        if (providers.isEmpty()) {
            return config;
        }
        try {
            Map<String, String> resolved = transformer.transform(config).data();
            Redactor.registerSecrets(config, resolved);
            return resolved;
        } catch (RuntimeException e) {
            throw new ConnectException("Cannot resolve config provider references: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        providers.values().forEach(ConfigProviders::closeQuietly);
    }

    private static void closeQuietly(ConfigProvider provider) {
        try {
            provider.close();
        } catch (Exception e) {
            log.warn("Closing config provider {} failed: {}", provider.getClass().getName(), e.toString());
        }
    }
}

package io.ferry.runtime.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.provider.ConfigProvider;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.storage.HeaderConverter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Plugins on the worker's own class path, found in every discovery mode. */
class BuiltInPluginsTest {

    @ParameterizedTest
    @EnumSource(value = PluginDiscoveryMode.class, names = {"SERVICE_LOAD", "HYBRID_WARN"})
    void findsConvertersAndConfigProvidersOnTheClassPath(PluginDiscoveryMode mode) {
        try (Plugins plugins = Plugins.load(List.of(), mode)) {
            assertThat(plugins.resolve(PluginKind.CONVERTER, "String").className()).isEqualTo("org.apache.kafka.connect.storage.StringConverter");
            assertThat(plugins.resolve(PluginKind.HEADER_CONVERTER, "StringConverter").className())
                    .isEqualTo("org.apache.kafka.connect.storage.StringConverter");
            assertThat(plugins.resolve(PluginKind.HEADER_CONVERTER, "SimpleHeaderConverter").className())
                    .isEqualTo("org.apache.kafka.connect.storage.SimpleHeaderConverter");
            PluginDesc json = plugins.resolve(PluginKind.CONVERTER, "Json");
            assertThat(json.className()).isEqualTo("org.apache.kafka.connect.json.JsonConverter");
            assertThat(json.location()).isEqualTo(PluginDesc.CLASSPATH);
            assertThat(json.isolated()).isFalse();
            assertThat(json.version()).isEqualTo("4.3.1");
            assertThat(plugins.resolve(PluginKind.CONFIG_PROVIDER, "File").className())
                    .isEqualTo("org.apache.kafka.common.config.provider.FileConfigProvider");
            assertThat(plugins.resolve(PluginKind.CONFIG_PROVIDER, "DirectoryConfigProvider").className())
                    .isEqualTo("org.apache.kafka.common.config.provider.DirectoryConfigProvider");

            Converter converter = plugins.newInstance(PluginKind.CONVERTER, "JsonConverter", Converter.class);
            converter.configure(Map.of("schemas.enable", "false"), false);
            assertThat(converter.toConnectData("t", "{\"a\":1}".getBytes()).value()).isEqualTo(Map.of("a", 1L));
            assertThat(plugins.newInstance(PluginKind.HEADER_CONVERTER, "SimpleHeaderConverter", HeaderConverter.class)).isNotNull();
            assertThat(plugins.newInstance(PluginKind.CONFIG_PROVIDER, "EnvVar", ConfigProvider.class)).isNotNull();
        }
    }

    @Test
    void ferryProvidesTheConvertersKafkaShipsInConnectRuntime() {
        try (Plugins plugins = Plugins.load(List.of(), PluginDiscoveryMode.SERVICE_LOAD)) {
            PluginDesc bytes = plugins.resolve(PluginKind.CONVERTER, "org.apache.kafka.connect.converters.ByteArrayConverter");
            assertThat(bytes.className()).isEqualTo("io.ferry.runtime.converters.ByteArrayConverter");
            assertThat(plugins.resolve(PluginKind.CONVERTER, "ByteArray")).isEqualTo(bytes);
            assertThat(plugins.resolve(PluginKind.HEADER_CONVERTER, "ByteArrayConverter").className()).isEqualTo(bytes.className());
            Converter converter = plugins.newInstance(bytes, Converter.class);
            assertThat(converter.fromConnectData("t", null, new byte[] {1, 2})).containsExactly(1, 2);
            assertThat(converter.fromConnectData("t", null, java.nio.ByteBuffer.wrap(new byte[] {3}))).containsExactly(3);

            Converter longs = plugins.newInstance(PluginKind.CONVERTER, "org.apache.kafka.connect.converters.LongConverter", Converter.class);
            longs.configure(Map.of(), false);
            byte[] encoded = longs.fromConnectData("t", org.apache.kafka.connect.data.Schema.INT64_SCHEMA, 42L);
            assertThat(encoded).containsExactly(new org.apache.kafka.common.serialization.LongSerializer().serialize("t", 42L));
            assertThat(longs.toConnectData("t", encoded).value()).isEqualTo(42L);
            assertThatThrownBy(() -> longs.fromConnectData("t", null, "text"))
                    .isInstanceOf(org.apache.kafka.connect.errors.DataException.class);
            for (String name : List.of("Boolean", "Short", "Integer", "Float", "Double")) {
                assertThat(plugins.resolve(PluginKind.CONVERTER, "org.apache.kafka.connect.converters." + name + "Converter").className())
                        .isEqualTo("io.ferry.runtime.converters." + name + "Converter");
                assertThat(plugins.resolve(PluginKind.HEADER_CONVERTER, name).className())
                        .isEqualTo("io.ferry.runtime.converters." + name + "Converter");
            }
        }
    }

    @Test
    void aClassOfAnotherKindIsNamedAsSuch() {
        try (Plugins plugins = Plugins.load(List.of(), PluginDiscoveryMode.SERVICE_LOAD)) {
            assertThatThrownBy(() -> plugins.resolveConnector("org.apache.kafka.connect.storage.StringConverter"))
                    .isInstanceOf(ConnectException.class)
                    .hasMessageContaining("is a converter and header converter, not a connector");
            assertThatThrownBy(() -> plugins.resolve(PluginKind.CONVERTER, " "))
                    .isInstanceOf(ConnectException.class)
                    .hasMessageContaining("No converter class given")
                    .hasMessageContaining("org.apache.kafka.connect.json.JsonConverter");
            assertThatThrownBy(() -> plugins.resolveConnector("FileStreamSource"))
                    .isInstanceOf(ConnectException.class)
                    .hasMessageContaining("Available: none");
        }
    }

    @Test
    void readsTheWorkerProperties() {
        try (Plugins plugins = Plugins.fromWorkerConfig(Map.of("plugin.path", "", "plugin.discovery", "service_load"))) {
            assertThat(plugins.discoveryMode()).isEqualTo(PluginDiscoveryMode.SERVICE_LOAD);
            assertThat(plugins.pluginPath()).isEmpty();
        }
    }
}

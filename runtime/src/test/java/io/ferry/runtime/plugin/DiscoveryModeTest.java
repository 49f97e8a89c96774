package io.ferry.runtime.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.storage.Converter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** plugin.discovery: manifests, scanning, or both. */
class DiscoveryModeTest {

    private static final String DECLARED = "com.example.modes.DeclaredConverter";
    private static final String UNDECLARED = "com.example.modes.UndeclaredConverter";
    private static final String BROKEN = "com.example.modes.BrokenConverter";

    @TempDir
    Path pluginDir;
    @TempDir
    Path buildDir;

    @BeforeEach
    void buildPlugin() throws Exception {
        // BrokenConverter extends a class that is not in the plugin: loading it fails.
        Path missing = TestJars.jar()
                .source("com.example.missing.BaseConverter", TestSources.versionedConverter("com.example.missing", "BaseConverter", "0"))
                .build(buildDir.resolve("missing.jar"));
        TestJars.jar()
                .source(DECLARED, TestSources.versionedConverter("com.example.modes", "DeclaredConverter", "1"))
                .source(UNDECLARED, TestSources.versionedConverter("com.example.modes", "UndeclaredConverter", "1"))
                .source("com.example.modes.AbstractConverter", """
                        package com.example.modes;
                        public abstract class AbstractConverter implements org.apache.kafka.connect.storage.Converter { }
                        """)
                .source(BROKEN, """
                        package com.example.modes;
                        public class BrokenConverter extends com.example.missing.BaseConverter { }
                        """)
                .classPath(missing)
                .service(Converter.class, DECLARED, BROKEN)
                .build(pluginDir.resolve("modes.jar"));
    }

    private List<String> converters(Plugins plugins) {
        return plugins.plugins(PluginKind.CONVERTER).stream().map(PluginDesc::className).filter(n -> n.startsWith("com.example")).toList();
    }

    @Test
    void serviceLoadFindsOnlyManifestDeclaredPlugins() {
        try (LogCapture logs = new LogCapture(); Plugins plugins = Plugins.load(List.of(pluginDir), PluginDiscoveryMode.SERVICE_LOAD)) {
            assertThat(converters(plugins)).containsExactly(DECLARED);
            assertThatThrownBy(() -> plugins.resolve(PluginKind.CONVERTER, "Undeclared")).isInstanceOf(ConnectException.class);
            // The class that cannot be loaded is one warning line, without a stack trace.
            assertThat(logs.warnings()).filteredOn(w -> w.contains(BROKEN)).singleElement().asString()
                    .contains("cannot be loaded").contains("com/example/missing/BaseConverter");
            assertThat(logs.anyThrowable()).isFalse();
        }
    }

    @Test
    void onlyScanFindsEveryConcreteClassWithoutCheckingManifests() {
        try (LogCapture logs = new LogCapture(); Plugins plugins = Plugins.load(List.of(pluginDir), PluginDiscoveryMode.ONLY_SCAN)) {
            assertThat(converters(plugins)).containsExactlyInAnyOrder(DECLARED, UNDECLARED);
            assertThat(logs.warnings()).noneMatch(w -> w.contains("manifest"));
        }
    }

    @Test
    void hybridWarnFindsBothAndWarnsAboutTheMissingManifestEntry() {
        try (LogCapture logs = new LogCapture(); Plugins plugins = Plugins.load(List.of(pluginDir), PluginDiscoveryMode.HYBRID_WARN)) {
            assertThat(converters(plugins)).containsExactlyInAnyOrder(DECLARED, UNDECLARED);
            assertThat(logs.warnings()).filteredOn(w -> w.contains("missing from META-INF/services")).singleElement().asString()
                    .contains(UNDECLARED).doesNotContain(DECLARED + " (");
        }
    }

    @Test
    void hybridFailRefusesPluginsWithoutManifestEntries() {
        assertThatThrownBy(() -> Plugins.load(List.of(pluginDir), PluginDiscoveryMode.HYBRID_FAIL))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining(UNDECLARED)
                .hasMessageContaining("plugin.discovery");
    }

    @Test
    void parsesKafkaConnectsValues() {
        assertThat(PluginDiscoveryMode.parse("service_load")).isEqualTo(PluginDiscoveryMode.SERVICE_LOAD);
        assertThat(PluginDiscoveryMode.parse("HYBRID_FAIL")).isEqualTo(PluginDiscoveryMode.HYBRID_FAIL);
        assertThat(PluginDiscoveryMode.parse(null)).isEqualTo(PluginDiscoveryMode.HYBRID_WARN);
        assertThatThrownBy(() -> PluginDiscoveryMode.parse("scan"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("only_scan, hybrid_warn, hybrid_fail, service_load");
    }
}

package io.ferry.runtime.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.connect.connector.Connector;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.storage.Converter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plugins bundling conflicting versions of one library each see their own. */
class ConflictingLibrariesTest {

    @TempDir
    Path pluginDir;
    @TempDir
    Path buildDir;

    @Test
    void eachPluginSeesItsOwnVersionOfASharedLibrary() throws Exception {
        // Plugin "alpha": a directory holding the library (v1) and the converter in separate JARs.
        Path alphaDir = Files.createDirectories(pluginDir.resolve("alpha"));
        Path libV1 = TestJars.jar().source("com.example.shared.Lib", TestSources.lib("v1")).build(alphaDir.resolve("lib/shared-lib-1.0.jar"));
        TestJars.jar()
                .source("com.example.alpha.AlphaConverter", TestSources.libConverter("com.example.alpha", "AlphaConverter"))
                .service(Converter.class, "com.example.alpha.AlphaConverter")
                .classPath(libV1)
                .build(alphaDir.resolve("alpha-converter.jar"));
        // Plugin "beta": one JAR bundling the library (v2) with a source connector.
        TestJars.jar()
                .source("com.example.shared.Lib", TestSources.lib("v2"))
                .source("com.example.beta.BetaSourceConnector", TestSources.libSourceConnector("com.example.beta", "BetaSourceConnector"))
                .service(org.apache.kafka.connect.source.SourceConnector.class, "com.example.beta.BetaSourceConnector")
                .build(pluginDir.resolve("beta-connector.jar"));
        // Plugin "gamma" bundles no library: it gets the worker's (v0).
        Path libV0 = TestJars.jar().source("com.example.shared.Lib", TestSources.lib("v0")).build(buildDir.resolve("worker-lib.jar"));
        TestJars.jar()
                .source("com.example.gamma.GammaConverter", TestSources.libConverter("com.example.gamma", "GammaConverter"))
                .service(Converter.class, "com.example.gamma.GammaConverter")
                .classPath(libV0)
                .build(pluginDir.resolve("gamma-converter.jar"));

        try (URLClassLoader worker = new URLClassLoader(new URL[] {libV0.toUri().toURL()}, getClass().getClassLoader());
             Plugins plugins = Plugins.load(List.of(pluginDir), PluginDiscoveryMode.HYBRID_WARN, worker)) {
            PluginDesc alpha = plugins.resolve(PluginKind.CONVERTER, "Alpha");
            PluginDesc beta = plugins.resolveConnector("BetaSource");
            PluginDesc gamma = plugins.resolve(PluginKind.CONVERTER, "GammaConverter");
            assertThat(alpha.version()).isEqualTo("converter-v1");
            assertThat(beta.version()).isEqualTo("v2");
            assertThat(gamma.version()).isEqualTo("converter-v0");
            assertThat(alpha.location()).isEqualTo(alphaDir.toString());

            Converter alphaConverter = plugins.newInstance(alpha, Converter.class);
            Converter gammaConverter = plugins.newInstance(gamma, Converter.class);
            Connector betaConnector = plugins.newInstance(beta, Connector.class);
            assertThat(new String(alphaConverter.fromConnectData("t", null, "x"), StandardCharsets.UTF_8)).isEqualTo("v1");
            assertThat(alphaConverter.toConnectData("t", new byte[0]).value()).isEqualTo("v1");
            assertThat(betaConnector.version()).isEqualTo("v2");
            assertThat(betaConnector.taskClass().getConstructor().newInstance().version()).isEqualTo("v2");
            assertThat(new String(gammaConverter.fromConnectData("t", null, "x"), StandardCharsets.UTF_8)).isEqualTo("v0");

            Class<?> alphaLib = Class.forName("com.example.shared.Lib", false, alpha.loader());
            Class<?> betaLib = Class.forName("com.example.shared.Lib", false, beta.loader());
            assertThat(alphaLib).isNotSameAs(betaLib);
            assertThat(alphaLib.getClassLoader()).isSameAs(alpha.loader());
            assertThat(Class.forName("com.example.shared.Lib", false, gamma.loader()).getClassLoader()).isSameAs(worker);
        }
    }

    @Test
    void theHighestVersionOfAClassInSeveralLocationsWins() throws Exception {
        for (String version : List.of("1.9", "1.10", "1.2")) {
            TestJars.jar()
                    .source("com.example.dup.DupConverter", TestSources.versionedConverter("com.example.dup", "DupConverter", version))
                    .service(Converter.class, "com.example.dup.DupConverter")
                    .build(pluginDir.resolve("dup-" + version + ".jar"));
        }
        try (Plugins plugins = Plugins.load(List.of(pluginDir), PluginDiscoveryMode.SERVICE_LOAD)) {
            assertThat(plugins.plugins(PluginKind.CONVERTER)).filteredOn(d -> d.className().equals("com.example.dup.DupConverter"))
                    .extracting(PluginDesc::version).containsExactly("1.10", "1.9", "1.2");
            PluginDesc chosen = plugins.resolve(PluginKind.CONVERTER, "Dup");
            assertThat(chosen.version()).isEqualTo("1.10");
            assertThat(plugins.newInstance(chosen, Converter.class).getClass().getClassLoader())
                    .isSameAs(plugins.loaderOf(pluginDir.resolve("dup-1.10.jar")));
        }
    }

    @Test
    void anAmbiguousAliasIsAnErrorNamingTheCandidates() throws Exception {
        TestJars.jar()
                .source("com.example.a.SameNameConverter", TestSources.versionedConverter("com.example.a", "SameNameConverter", "1"))
                .source("com.example.b.SameNameConverter", TestSources.versionedConverter("com.example.b", "SameNameConverter", "1"))
                .service(Converter.class, "com.example.a.SameNameConverter", "com.example.b.SameNameConverter")
                .build(pluginDir.resolve("same-names.jar"));
        try (Plugins plugins = Plugins.load(List.of(pluginDir), PluginDiscoveryMode.SERVICE_LOAD)) {
            for (String alias : List.of("SameNameConverter", "SameName")) {
                assertThatThrownBy(() -> plugins.resolve(PluginKind.CONVERTER, alias))
                        .isInstanceOf(ConnectException.class)
                        .hasMessageContaining("'" + alias + "' is ambiguous")
                        .hasMessageContaining("com.example.a.SameNameConverter, com.example.b.SameNameConverter");
            }
            assertThat(plugins.resolve(PluginKind.CONVERTER, "com.example.b.SameNameConverter").className())
                    .isEqualTo("com.example.b.SameNameConverter");
        }
    }
}

package io.ferry.runtime.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.storage.Converter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plugins dropped into the plugin path while the worker runs. */
class PluginPathWatcherTest {

    @TempDir
    Path pluginDir;
    @TempDir
    Path buildDir;

    private Plugins plugins;
    private PluginPathWatcher watcher;

    @AfterEach
    void tearDown() {
        if (watcher != null) {
            watcher.close();
        }
        if (plugins != null) {
            plugins.close();
        }
    }

    private void start(Duration interval) {
        plugins = Plugins.load(List.of(pluginDir), PluginDiscoveryMode.HYBRID_WARN);
        watcher = new PluginPathWatcher(plugins, interval);
    }

    @Test
    void aJarDroppedInWhileRunningBecomesUsable() throws Exception {
        start(Duration.ofMillis(100));
        watcher.start();
        assertThatThrownBy(() -> plugins.resolveConnector("FileStreamSource")).isInstanceOf(ConnectException.class);

        Files.copy(TestJars.apacheJar("connect-file"), pluginDir.resolve("connect-file.jar"));

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .ignoreExceptionsInstanceOf(ConnectException.class).untilAsserted(() ->
                assertThat(plugins.resolveConnector("FileStreamSource").className())
                        .isEqualTo("org.apache.kafka.connect.file.FileStreamSourceConnector"));
        assertThat(plugins.newConnector("FileStreamSink").getClass().getClassLoader())
                .isSameAs(plugins.loaderOf(pluginDir.resolve("connect-file.jar")));
    }

    @Test
    void aDirectoryPluginDroppedInIsPickedUpByRescan() throws Exception {
        start(Duration.ofHours(1));
        Path staging = Files.createDirectories(buildDir.resolve("transforms-plugin"));
        Files.copy(TestJars.apacheJar("connect-transforms"), staging.resolve("connect-transforms.jar"));
        Files.move(staging, pluginDir.resolve("transforms-plugin"));

        List<PluginDesc> loaded = watcher.rescan();

        assertThat(loaded).extracting(PluginDesc::className).contains("org.apache.kafka.connect.transforms.RegexRouter");
        assertThat(plugins.resolve(PluginKind.TRANSFORMATION, "RegexRouter").location())
                .isEqualTo(pluginDir.resolve("transforms-plugin").toString());
        assertThat(watcher.rescan()).isEmpty();
    }

    @Test
    void aJarStillBeingCopiedIsNotLoadedUntilItIsCompleteAndSettled() throws Exception {
        start(Duration.ofHours(1)); // polled by hand below
        Path source = TestJars.apacheJar("connect-file");
        Path target = pluginDir.resolve("connect-file.jar");
        try (LogCapture logs = new LogCapture()) {
            TestJars.truncatedCopy(source, target, 4000);
            watcher.poll();
            assertThat(plugins.locations()).isEmpty();

            Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
            watcher.poll(); // changed since the last poll: not settled yet
            assertThat(plugins.locations()).isEmpty();
            watcher.poll();
            assertThat(plugins.locations()).containsExactly(target);
            assertThat(logs.warnings()).isEmpty();
        }
    }

    @Test
    void aCorruptJarIsOneWarningAndDoesNotStopTheOthers() throws Exception {
        Path broken = TestJars.truncatedCopy(TestJars.apacheJar("connect-transforms"), pluginDir.resolve("broken-transforms.jar"), 10_000);
        Files.copy(TestJars.apacheJar("connect-file"), pluginDir.resolve("connect-file.jar"));
        try (LogCapture logs = new LogCapture()) {
            start(Duration.ofMillis(50));
            assertThat(plugins.resolveConnector("FileStreamSink").location()).isEqualTo(pluginDir.resolve("connect-file.jar").toString());
            assertThat(plugins.rejections()).containsOnlyKeys(broken);

            watcher.rescan();
            watcher.poll();
            watcher.poll();
            // A new good plugin next to the broken one is still picked up.
            TestJars.jar()
                    .source("com.example.late.LateConverter", TestSources.versionedConverter("com.example.late", "LateConverter", "1"))
                    .service(Converter.class, "com.example.late.LateConverter")
                    .build(pluginDir.resolve("late.jar"));
            watcher.rescan();
            assertThat(plugins.resolve(PluginKind.CONVERTER, "Late").version()).isEqualTo("1");

            assertThat(logs.warnings()).filteredOn(w -> w.contains("broken-transforms.jar")).singleElement().asString()
                    .contains("not a valid JAR");
            assertThat(logs.anyThrowable()).isFalse();
        }
    }

    @Test
    void aReplacedJarIsReloadedAndADeletedOneForgotten() throws Exception {
        Path jar = pluginDir.resolve("versioned.jar");
        TestJars.jar()
                .source("com.example.v.VersionedConverter", TestSources.versionedConverter("com.example.v", "VersionedConverter", "1.0"))
                .service(Converter.class, "com.example.v.VersionedConverter")
                .build(jar);
        start(Duration.ofHours(1));
        Converter before = plugins.newInstance(PluginKind.CONVERTER, "Versioned", Converter.class);
        assertThat(plugins.resolve(PluginKind.CONVERTER, "Versioned").version()).isEqualTo("1.0");

        Path v2 = TestJars.jar()
                .source("com.example.v.VersionedConverter", TestSources.versionedConverter("com.example.v", "VersionedConverter", "2.0"))
                .source("com.example.v.Padding", "package com.example.v; public class Padding { }")
                .service(Converter.class, "com.example.v.VersionedConverter")
                .build(buildDir.resolve("versioned-2.jar"));
        Files.move(v2, jar, StandardCopyOption.REPLACE_EXISTING);
        watcher.rescan();

        PluginDesc reloaded = plugins.resolve(PluginKind.CONVERTER, "Versioned");
        assertThat(reloaded.version()).isEqualTo("2.0");
        assertThat(plugins.newInstance(reloaded, Converter.class).getClass()).isNotSameAs(before.getClass());
        assertThat(before.getClass().getClassLoader()).isNotSameAs(reloaded.loader());

        Files.delete(jar);
        watcher.rescan();
        assertThat(plugins.locations()).isEmpty();
        assertThatThrownBy(() -> plugins.resolve(PluginKind.CONVERTER, "Versioned")).isInstanceOf(ConnectException.class);
    }
}

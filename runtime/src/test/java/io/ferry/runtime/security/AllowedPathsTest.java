package io.ferry.runtime.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.runtime.config.ConfigProblem;
import io.ferry.runtime.config.WorkerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The folders file connectors may use: links and {@code ..} resolved, defaults, injection, Apache's FileStream. */
class AllowedPathsTest {

    @TempDir
    Path dir;

    @Test
    void pathsAreJudgedAfterResolvingDotDotAndLinks() throws Exception {
        Path allowed = Files.createDirectories(dir.resolve("allowed"));
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "x");
        AllowedPaths paths = new AllowedPaths(List.of(allowed));

        assertThat(paths.allows(allowed.resolve("in.txt"))).isTrue();
        assertThat(paths.allows(allowed.resolve("new/deeper/file.txt"))).isTrue();
        assertThat(paths.allows(allowed)).isTrue();
        assertThat(paths.allows(allowed.resolve("../outside/secret"))).isFalse();
        assertThat(paths.allows(Path.of("/etc/shadow"))).isFalse();
        assertThat(paths.allows(dir.resolve("allowed-not"))).as("a sibling with the root's name as prefix").isFalse();

        Files.createSymbolicLink(allowed.resolve("link"), outside.resolve("secret"));
        Files.createSymbolicLink(allowed.resolve("folder"), outside);
        Files.createSymbolicLink(allowed.resolve("dangling"), outside.resolve("to-be-created"));
        assertThat(paths.allows(allowed.resolve("link"))).isFalse();
        assertThat(paths.allows(allowed.resolve("folder/new.txt"))).isFalse();
        assertThat(paths.allows(allowed.resolve("folder/.."))).as("the file system resolves .. after the link").isFalse();
        assertThat(paths.allows(allowed.resolve("dangling"))).as("writing through it would create its target").isFalse();

        Path linkedRoot = Files.createSymbolicLink(dir.resolve("root-link"), allowed);
        assertThat(new AllowedPaths(List.of(linkedRoot)).allows(allowed.resolve("in.txt"))).isTrue();
    }

    @Test
    void theDefaultIsTheWorkingFolderAndTheDataFolder() {
        AllowedPaths defaults = AllowedPaths.of(worker(Map.of("ferry.data.dir", dir.resolve("data").toString())));
        assertThat(defaults.roots()).containsExactly(AllowedPaths.real(Path.of("")), AllowedPaths.real(dir.resolve("data")));
        AllowedPaths configured = AllowedPaths.of(worker(Map.of(AllowedPaths.KEY, dir + ", /srv/in")));
        assertThat(configured.roots()).containsExactly(AllowedPaths.real(dir), Path.of("/srv/in"));
    }

    @Test
    void apacheFileStreamFilesAreCheckedAndTheKeyIsTheWorkersOnly() {
        AllowedPaths paths = new AllowedPaths(List.of(dir));
        String source = "org.apache.kafka.connect.file.FileStreamSourceConnector";
        List<ConfigProblem> outside = paths.problems(source, Map.of("file", "/etc/shadow"));
        assertThat(outside).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("file");
            assertThat(p.message()).contains("/etc/shadow", AllowedPaths.real(dir).toString(), AllowedPaths.KEY);
        });
        assertThat(paths.problems(source, Map.of("file", dir.resolve("in.txt").toString()))).isEmpty();
        assertThat(paths.problems(source, Map.of())).as("FileStreamSource without file reads stdin").isEmpty();
        assertThat(paths.problems("com.example.Other", Map.of("file", "/etc/shadow"))).isEmpty();
        assertThat(paths.problems("com.example.Other", Map.of(AllowedPaths.KEY, "/"))).singleElement()
                .satisfies(p -> assertThat(p.toString()).startsWith(AllowedPaths.KEY + ": is set by the worker"));
    }

    @Test
    void onlyConnectorsDeclaringTheKeyGetTheRoots() {
        AllowedPaths paths = new AllowedPaths(List.of(dir, dir.resolve("b")));
        Map<String, String> props = Map.of("file", "x");
        assertThat(paths.inject(new ConfigDef(), props)).isSameAs(props);
        ConfigDef declaring = new ConfigDef().define(AllowedPaths.KEY, ConfigDef.Type.LIST, "", ConfigDef.Importance.LOW, "roots");
        assertThat(paths.inject(declaring, props)).containsEntry("file", "x")
                .containsEntry(AllowedPaths.KEY, AllowedPaths.real(dir) + "," + AllowedPaths.real(dir.resolve("b")));
    }

    private static WorkerConfig worker(Map<String, String> extra) {
        Map<String, String> props = new java.util.HashMap<>(Map.of("key.converter", "JsonConverter", "value.converter", "JsonConverter"));
        props.putAll(extra);
        return new WorkerConfig(props);
    }
}

package io.ferry.connect.file.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.stream.Stream;

/** Where the repository and the packaged plugin are; test data. */
final class Repo {

    private Repo() {
    }

    static Path home() {
        return Paths.get(System.getProperty("ferry.home", "../..")).toAbsolutePath().normalize();
    }

    /** The repository's plugins/ folder, holding the packaged ferry-connect-file plugin. */
    static Path pluginsDir() throws IOException {
        Path plugins = home().resolve("plugins");
        Path plugin = plugins.resolve("ferry-connect-file");
        assertThat(plugin).as("the packaged plugin (mvn package)").isDirectory();
        try (Stream<Path> jars = Files.list(plugin)) {
            assertThat(jars.map(p -> p.getFileName().toString()))
                    .anyMatch(n -> n.startsWith("ferry-connect-file-")).anyMatch(n -> n.startsWith("commons-io-"))
                    .noneMatch(n -> n.startsWith("connect-api") || n.startsWith("kafka-clients"));
        }
        return plugins;
    }

    /** Writes {@code lines} numbered lines with multi-byte characters. */
    static Path writeLines(Path file, int lines) throws IOException {
        String[] words = {"plain", "Grüße", "日本語", "emoji 😀", "ñandú", "Ελληνικά"};
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < lines; i++) {
                out.write("line ");
                out.write(Integer.toString(i));
                out.write(' ');
                out.write(words[i % words.length]);
                out.write('\n');
            }
        }
        return file;
    }
}

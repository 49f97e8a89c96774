package io.ferry.runtime.cli.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContextsTest {

    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>();
    private Path file;

    @BeforeEach
    void writeContexts() throws Exception {
        Path prodCredentials = Files.writeString(dir.resolve("prod.credentials"), "user=admin\npassword=pa:ss\n");
        file = Files.writeString(dir.resolve("contexts.properties"), String.join("\n",
                "# two workers", "current=local", "local.url=http://localhost:8083/", "prod.url=https://connect.example.com:8443",
                "prod.credentials.file=" + prodCredentials, ""));
    }

    private Target resolve(String url, String context, Path credentials) {
        return new Contexts(env, file).resolve(url, context, credentials);
    }

    @Test
    void withoutAnythingTheDefaultAddressAndNoCredentials() {
        Target target = new Contexts(env, dir.resolve("none.properties")).resolve(null, null, null);
        assertThat(target.url()).hasToString("http://localhost:8083");
        assertThat(target.credentials()).isNull();
        assertThat(target.context()).isNull();
    }

    @Test
    void theCurrentContextUnlessAnAddressIsInTheEnvironment() {
        assertThat(resolve(null, null, null)).isEqualTo(new Target(java.net.URI.create("http://localhost:8083"), null, "local"));
        env.put(Contexts.ENV_URL, "http://other:9000");
        assertThat(resolve(null, null, null).url()).hasToString("http://other:9000");
        assertThat(resolve(null, null, null).context()).isNull();
    }

    @Test
    void aNamedContextBringsItsCredentialsAndBeatsTheEnvironment() {
        env.put(Contexts.ENV_URL, "http://other:9000");
        env.put(Contexts.ENV_USER, "env-user");
        env.put(Contexts.ENV_PASSWORD, "env-pw");
        Target prod = resolve(null, "prod", null);
        assertThat(prod.url()).hasToString("https://connect.example.com:8443");
        assertThat(prod.credentials()).isEqualTo(new Credentials("admin", "pa:ss"));
        assertThat(prod.context()).isEqualTo("prod");

        env.put(Contexts.ENV_CONTEXT, "prod");
        assertThat(resolve(null, null, null).context()).isEqualTo("prod");
        assertThat(resolve(null, "local", null).credentials()).as("local has no credentials file: the environment's")
                .isEqualTo(new Credentials("env-user", "env-pw"));
    }

    @Test
    void explicitOptionsWin() throws Exception {
        Path mine = Files.writeString(dir.resolve("mine"), "user=me\npassword=x\n");
        Target target = resolve("https://mine:1/", "prod", mine);
        assertThat(target.url()).hasToString("https://mine:1");
        assertThat(target.credentials()).isEqualTo(new Credentials("me", "x"));
        assertThat(target.credentials().header()).isEqualTo("Basic bWU6eA==");
    }

    @Test
    void mistakesAreUsageErrorsThatSayWhat() throws Exception {
        assertThatThrownBy(() -> resolve(null, "staging", null)).isInstanceOf(CliException.class)
                .hasMessage("Unknown context 'staging' (no staging.url in " + file + "); contexts: local, prod")
                .extracting(e -> ((CliException) e).exitCode()).isEqualTo(ExitCode.USAGE);
        assertThatThrownBy(() -> resolve("localhost:8083", null, null)).hasMessageContaining("expected http://host:port");
        assertThatThrownBy(() -> resolve(null, null, dir.resolve("missing"))).hasMessage("Credentials file not found: " + dir.resolve("missing"));
        Path noPassword = Files.writeString(dir.resolve("half"), "user=me\n");
        assertThatThrownBy(() -> resolve(null, null, noPassword)).hasMessageContaining("needs user=... and password=...");
    }

    @Test
    void theFileIsLookedForInTheXdgFolderOrWhereTheEnvironmentSays() {
        Path home = Path.of("/home/u");
        assertThat(Contexts.defaultFile(Map.of(), home)).isEqualTo(Path.of("/home/u/.config/ferry/contexts.properties"));
        assertThat(Contexts.defaultFile(Map.of("XDG_CONFIG_HOME", "/x"), home)).isEqualTo(Path.of("/x/ferry/contexts.properties"));
        assertThat(Contexts.defaultFile(Map.of(Contexts.ENV_FILE, "/y/c.properties", "XDG_CONFIG_HOME", "/x"), home))
                .isEqualTo(Path.of("/y/c.properties"));
    }
}

package io.ferry.runtime.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.runtime.config.WorkerConfig;
import io.ferry.runtime.rest.security.PasswordHash;
import io.ferry.runtime.rest.server.Listener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestConfigTest {

    @TempDir
    Path dir;

    private static RestConfig config(String... keysAndValues) {
        Map<String, String> props = new HashMap<>();
        props.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        props.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            props.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return RestConfig.from(new WorkerConfig(props));
    }

    @Test
    void theDefaultIsOneLocalListenerWithoutAuthenticationCorsOrTls() {
        RestConfig config = config();
        assertThat(config.listeners()).containsExactly(Listener.parse("http://localhost:8083"));
        assertThat(config.adminListeners()).isNull();
        assertThat(config.usersFile()).isNull();
        assertThat(config.allowedOrigins()).isEmpty();
        assertThat(config.tls()).isNull();
        assertThat(config("admin.listeners", "").adminListeners()).isEmpty();
        assertThat(config("listeners", "http://127.0.0.1:0,http://[::1]:0").listeners()).hasSize(2);
    }

    @Test
    void listenersAreParsedStrictly() {
        assertThat(Listener.parse("https://[::1]:8443/")).isEqualTo(new Listener("https://[::1]:8443/", true, "::1", 8443));
        assertThat(Listener.parse("http://:8083").wildcard()).isTrue();
        assertThat(Listener.parse("http://0.0.0.0:8083").loopbackOnly()).isFalse();
        assertThat(Listener.parse("http://localhost:8083").loopbackOnly()).isTrue();
        assertThatThrownBy(() -> config("listeners", "ftp://localhost:21")).isInstanceOf(ConfigException.class).hasMessageContaining("ftp");
        assertThatThrownBy(() -> config("listeners", "localhost:8083")).hasMessageContaining("http://host:port");
        assertThatThrownBy(() -> config("listeners", "http://localhost")).hasMessageContaining("no port");
        assertThatThrownBy(() -> config("listeners", "http://localhost:99999")).hasMessageContaining("out of range");
        assertThatThrownBy(() -> config("listeners", "http://localhost:80,http://no-such-host.invalid:80"))
                .hasMessageContaining("unknown host");
        assertThatThrownBy(() -> config("admin.listeners", "http://localhost:8083")).hasMessageContaining("also in listeners");
    }

    @Test
    void anUnauthenticatedListenerOtherMachinesCanReachIsRefusedNamingItAndTheSettings() throws Exception {
        for (String listener : new String[] {"http://:8083", "http://0.0.0.0:8083", "http://[::]:8083"}) {
            assertThatThrownBy(() -> config("listeners", listener)).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("listeners: " + listener + " can be reached from other machines")
                    .hasMessageContaining(RestConfig.USERS_FILE).hasMessageContaining(RestConfig.ALLOW_UNAUTHENTICATED_REMOTE + "=true");
        }
        assertThat(config("listeners", "http://0.0.0.0:8083", "rest.allow.unauthenticated.remote", "true").listeners()).hasSize(1);
        Path users = Files.writeString(dir.resolve("users"), "u:" + PasswordHash.hash("p".toCharArray(), 1_000) + "\n");
        assertThat(config("listeners", "http://0.0.0.0:8083", "rest.auth.users.file", users.toString()).usersFile()).isEqualTo(users);
        assertThatThrownBy(() -> config("rest.allow.unauthenticated.remote", "maybe")).hasMessageContaining("true or false");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        assertThatThrownBy(() -> config("listeners", "https://localhost:0", "rest.auth.users.file", dir.resolve("none").toString(),
                "admin.listeners", "gopher://x:1"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("3 errors")
                .hasMessageContaining("listeners.https.ssl.keystore.location").hasMessageContaining("rest.auth.users.file")
                .hasMessageContaining("admin.listeners");
    }

    @Test
    void tlsSettingsFallBackToTheWorkersSslSettings() throws Exception {
        Path keystore = TestTls.keystore(dir);
        RestConfig config = config("listeners", "https://localhost:0", "ssl.keystore.location", keystore.toString(),
                "ssl.keystore.password", TestTls.PASSWORD, "ssl.keystore.type", "PKCS12", "listeners.https.ssl.client.auth", "none");
        assertThat(config.tls().keystore()).isEqualTo(keystore.toAbsolutePath());
        assertThat(config.tls().toString()).doesNotContain(TestTls.PASSWORD);
        assertThatThrownBy(() -> config("listeners", "https://localhost:0", "listeners.https.ssl.keystore.location", keystore.toString(),
                "listeners.https.ssl.keystore.password", TestTls.PASSWORD, "listeners.https.ssl.keystore.type", "PKCS12",
                "listeners.https.ssl.key.password", "wrong")).hasMessageContaining("ssl.key.password");
        assertThatThrownBy(() -> config("listeners", "https://localhost:0", "listeners.https.ssl.keystore.location", keystore.toString(),
                "listeners.https.ssl.keystore.password", TestTls.PASSWORD, "listeners.https.ssl.keystore.type", "PKCS12",
                "listeners.https.ssl.client.auth", "required")).hasMessageContaining("truststore");
    }
}

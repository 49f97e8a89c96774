package io.ferry.runtime.rest;

import static io.ferry.runtime.rest.ConnectorsApiTest.create;
import static io.ferry.runtime.rest.ConnectorsApiTest.sink;
import static io.ferry.runtime.rest.RestErrorsTest.error;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ferry.runtime.rest.RestClient.Answer;
import io.ferry.runtime.rest.security.PasswordHash;
import io.ferry.runtime.status.State;
import io.ferry.runtime.testing.WorkerFixture;
import io.ferry.runtime.testing.WorkerTest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/**
 * The REST API's security against a running worker: HTTP Basic authentication (a request without
 * valid credentials gets 401 and changes nothing), HTTPS, CORS, /admin on its own listener, and the
 * refusal to listen where other machines can reach an unauthenticated API.
 */
class RestSecurityTest extends WorkerTest {

    /** Cheap hashes keep the test fast; real ones use {@link PasswordHash#DEFAULT_ITERATIONS}. */
    private static final int ITERATIONS = 1_000;

    private Path usersFile(String... usersAndPasswords) throws Exception {
        StringBuilder lines = new StringBuilder("# REST API users\n");
        for (int i = 0; i < usersAndPasswords.length; i += 2) {
            lines.append(usersAndPasswords[i]).append(':')
                    .append(PasswordHash.hash(usersAndPasswords[i + 1].toCharArray(), ITERATIONS)).append('\n');
        }
        return Files.writeString(root.resolve("users"), lines.toString());
    }

    @Test
    void requestsWithoutValidCredentialsGet401AndChangeNothing() throws Exception {
        Path users = usersFile("admin", "s3cret", "ops", "other");
        // 28 failed attempts below: more than the default limit per address (see BasicAuthLimitsTest).
        fixture = new WorkerFixture(root).set("rest.auth.users.file", users.toString()).set("rest.auth.failures.max", "100").start();
        RestClient anonymous = new RestClient(fixture.restUri());
        RestClient admin = anonymous.withCredentials("admin", "s3cret");
        Map<String, Object> connector = create("guarded", sink(root.resolve("out.txt"), "t"));

        Answer noCredentials = anonymous.get("/connectors");
        assertThat(error(noCredentials, 401)).contains("credentials");
        assertThat(noCredentials.header("WWW-Authenticate")).startsWith("Basic realm=");
        for (RestClient intruder : new RestClient[] {anonymous, anonymous.withCredentials("admin", "wrong"),
                anonymous.withCredentials("nobody", "s3cret"), anonymous.withCredentials("admin", ""),
                anonymous.withHeader("Authorization", "Basic !!!not-base64"), anonymous.withHeader("Authorization", "Bearer s3cret"),
                anonymous.withHeader("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("admin".getBytes()))}) {
            Answer created = intruder.post("/connectors", connector);
            assertThat(created.status()).isEqualTo(401);
            assertThat(created.header("WWW-Authenticate")).contains("Basic");
            assertThat(intruder.get("/").status()).isEqualTo(401);
            assertThat(intruder.get("/metrics").status()).isEqualTo(401);
            assertThat(intruder.get("/admin/loggers").status()).isEqualTo(401);
        }
        assertThat(fixture.worker().connectors()).isEmpty();

        Answer created = admin.post("/connectors", connector);
        assertThat(created.status()).isEqualTo(201);
        assertThat(admin.get("/connectors").json()).hasSize(1);
        await().atMost(Duration.ofSeconds(60)).until(() -> fixture.worker().status("guarded").connector().state() == State.RUNNING);
        assertThat(anonymous.put("/connectors/guarded/pause", null).status()).isEqualTo(401);
        assertThat(anonymous.delete("/connectors/guarded").status()).isEqualTo(401);
        assertThat(anonymous.withCredentials("ops", "s3cret").put("/connectors/guarded/config", Map.of("connector.class", "FileStreamSink",
                "topics", "other", "file", "x")).status()).isEqualTo(401);
        assertThat(anonymous.put("/admin/loggers/io.ferry", Map.of("level", "TRACE")).status()).isEqualTo(401);
        assertThat(fixture.worker().status("guarded").connector().state()).isEqualTo(State.RUNNING);
        assertThat(fixture.worker().connectorConfig("guarded")).containsEntry("topics", "t");
        assertThat(org.slf4j.LoggerFactory.getLogger("io.ferry").isTraceEnabled()).isFalse();
        assertThat(anonymous.withCredentials("ops", "other").get("/connectors/guarded/status").status()).isEqualTo(200);

        // A user added to the file is picked up without a restart.
        Thread.sleep(1_100);
        Files.writeString(users, "late:" + PasswordHash.hash("later".toCharArray(), ITERATIONS) + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        await().atMost(Duration.ofSeconds(10)).until(() -> anonymous.withCredentials("late", "later").get("/").status() == 200);
        assertThat(admin.delete("/connectors/guarded").status()).isEqualTo(204);
    }

    @Test
    void corsHeadersAreSentToAllowedOriginsAndPreflightNeedsNoCredentials() throws Exception {
        fixture = new WorkerFixture(root).set("rest.auth.users.file", usersFile("admin", "pw").toString())
                .set("access.control.allow.origin", "https://console.example.com,http://*.trusted.example")
                .set("access.control.allow.methods", "GET,POST,PUT,DELETE").start();
        RestClient rest = new RestClient(fixture.restUri());
        Answer preflight = rest.withHeader("Origin", "https://console.example.com").withHeader("Access-Control-Request-Method", "PUT")
                .withHeader("Access-Control-Request-Headers", "Authorization,Content-Type").send("OPTIONS", "/connectors/x/config", null);
        assertThat(preflight.status()).isBetween(200, 204);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo("https://console.example.com");
        assertThat(preflight.header("Access-Control-Allow-Methods")).contains("PUT");
        assertThat(preflight.header("Access-Control-Allow-Headers")).containsIgnoringCase("authorization");

        Answer simple = rest.withCredentials("admin", "pw").withHeader("Origin", "http://app.trusted.example").get("/connectors");
        assertThat(simple.status()).isEqualTo(200);
        assertThat(simple.header("Access-Control-Allow-Origin")).isEqualTo("http://app.trusted.example");
        Answer foreign = rest.withCredentials("admin", "pw").withHeader("Origin", "https://evil.example").get("/connectors");
        assertThat(foreign.header("Access-Control-Allow-Origin")).isNull();
        Answer foreignPreflight = rest.withHeader("Origin", "https://evil.example").withHeader("Access-Control-Request-Method", "DELETE")
                .send("OPTIONS", "/connectors/x", null);
        assertThat(foreignPreflight.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void httpsServesTheApiWithTheConfiguredKeystore() throws Exception {
        Path keystore = TestTls.keystore(root);
        fixture = new WorkerFixture(root).set("listeners", "https://127.0.0.1:0")
                .set("listeners.https.ssl.keystore.location", keystore.toString())
                .set("listeners.https.ssl.keystore.password", TestTls.PASSWORD)
                .set("listeners.https.ssl.keystore.type", "PKCS12")
                .set("listeners.https.ssl.key.password", TestTls.PASSWORD).start();
        URI uri = fixture.restUri();
        assertThat(uri.getScheme()).isEqualTo("https");
        RestClient rest = new RestClient(URI.create("https://localhost:" + uri.getPort()), TestTls.trusting(keystore));
        assertThat(rest.get("/").status()).isEqualTo(200);
        assertThat(rest.post("/connectors", create("secure", sink(root.resolve("out.txt"), "t"))).status()).isEqualTo(201);
        assertThat(new RestClient(uri, TestTls.trusting(keystore)).get("/connectors").json()).hasSize(1);
        boolean plainHttpServed;
        try {
            plainHttpServed = new RestClient(URI.create("http://127.0.0.1:" + uri.getPort())).get("/connectors").status() == 200;
        } catch (IllegalStateException e) {
            plainHttpServed = false;
        }
        assertThat(plainHttpServed).as("plain HTTP on the HTTPS listener").isFalse();
        assertThatThrownBy(() -> new RestClient(uri).get("/")).as("a client that does not trust the certificate")
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aWrongKeystorePasswordStopsTheStartNamingTheSetting() throws Exception {
        Path keystore = TestTls.keystore(root);
        WorkerFixture worker = new WorkerFixture(root).set("listeners", "https://127.0.0.1:0")
                .set("listeners.https.ssl.keystore.location", keystore.toString())
                .set("listeners.https.ssl.keystore.password", "not-the-password")
                .set("listeners.https.ssl.keystore.type", "PKCS12");
        assertThatThrownBy(worker::start).isInstanceOf(ConfigException.class).hasMessageContaining("listeners.https.ssl.keystore.password");
        assertThat(root.resolve("data/broker")).doesNotExist();
    }

    @Test
    void adminEndpointsMoveToTheAdminListenerOrAreDisabled() throws Exception {
        fixture = new WorkerFixture(root).set("admin.listeners", "http://127.0.0.1:0").start();
        RestClient main = new RestClient(fixture.restUri());
        RestClient admin = new RestClient(fixture.standalone().adminUris().get(0));
        assertThat(admin.base().getPort()).isNotEqualTo(main.base().getPort());
        assertThat(admin.get("/admin/loggers").status()).isEqualTo(200);
        assertThat(admin.put("/admin/loggers/io.ferry.runtime.rest.admin", Map.of("level", "DEBUG")).status()).isEqualTo(200);
        error(main.get("/admin/loggers"), 404);
        error(main.put("/admin/loggers/io.ferry", Map.of("level", "DEBUG")), 404);
        error(admin.get("/connectors"), 404);
        assertThat(main.get("/connectors").status()).isEqualTo(200);
        fixture.close();

        fixture = new WorkerFixture(Files.createDirectories(root.resolve("disabled"))).set("admin.listeners", "").start();
        assertThat(fixture.standalone().adminUris()).isEmpty();
        error(new RestClient(fixture.restUri()).get("/admin/loggers"), 404);
        assertThat(new RestClient(fixture.restUri()).get("/connectors").status()).isEqualTo(200);
    }

    @Test
    void anUnauthenticatedApiReachableFromOtherMachinesIsRefusedUnlessAllowed() throws Exception {
        WorkerFixture open = new WorkerFixture(root).set("listeners", "http://0.0.0.0:0");
        assertThatThrownBy(open::start).isInstanceOf(ConfigException.class)
                .hasMessageContaining("listeners: http://0.0.0.0:0 can be reached from other machines")
                .hasMessageContaining("rest.auth.users.file").hasMessageContaining("rest.allow.unauthenticated.remote=true");
        WorkerFixture openAdmin = new WorkerFixture(Files.createDirectories(root.resolve("admin"))).set("admin.listeners", "http://:0");
        assertThatThrownBy(openAdmin::start).isInstanceOf(ConfigException.class).hasMessageContaining("admin.listeners: http://:0");
        assertThat(root.resolve("data/broker")).doesNotExist();
        assertThat(root.resolve("admin/data/broker")).doesNotExist();

        fixture = new WorkerFixture(Files.createDirectories(root.resolve("allowed"))).set("listeners", "http://0.0.0.0:0")
                .set("rest.allow.unauthenticated.remote", "true").start();
        int port = fixture.restUri().getPort();
        assertThat(new RestClient(URI.create("http://127.0.0.1:" + port)).get("/connectors").status()).isEqualTo(200);
        fixture.close();

        fixture = new WorkerFixture(Files.createDirectories(root.resolve("authenticated"))).set("listeners", "http://0.0.0.0:0")
                .set("rest.auth.users.file", usersFile("u", "p").toString()).start();
        RestClient rest = new RestClient(URI.create("http://127.0.0.1:" + fixture.restUri().getPort()));
        assertThat(rest.get("/connectors").status()).isEqualTo(401);
        assertThat(rest.withCredentials("u", "p").get("/connectors").status()).isEqualTo(200);
    }
}

package io.ferry.runtime.rest;

import static io.ferry.runtime.rest.RestErrorsTest.error;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.runtime.rest.RestClient.Answer;
import io.ferry.runtime.rest.security.PasswordHash;
import io.ferry.runtime.testing.WorkerFixture;
import io.ferry.runtime.testing.WorkerTest;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpHeader;
import org.junit.jupiter.api.Test;

/**
 * The cost of HTTP Basic authentication is bounded, over HTTP against a running worker: an address
 * past {@code rest.auth.failures.max} failed attempts gets 429 with Retry-After (and no password
 * check), while a valid user still gets in from another address, and credentials verified before
 * are still accepted from the limited one (they cost no password check).
 */
class BasicAuthLimitsTest extends WorkerTest {

    @Test
    void anAddressPastTheFailureLimitGets429WhileOthersGetIn() throws Exception {
        Path users = Files.writeString(root.resolve("users"), "admin:" + PasswordHash.hash("s3cret".toCharArray(), 1_000) + "\n"
                + "ops:" + PasswordHash.hash("other".toCharArray(), 1_000) + "\n");
        fixture = new WorkerFixture(root).set("rest.auth.users.file", users.toString()).set("rest.auth.failures.max", "3")
                .set("rest.auth.failures.window.ms", "600000").start();
        URI uri = fixture.restUri();
        assertThat(uri.getHost()).isEqualTo("127.0.0.1");
        RestClient local = new RestClient(uri);
        assertThat(local.withCredentials("ops", "other").get("/").status()).isEqualTo(200);

        for (int i = 0; i < 3; i++) {
            error(local.withCredentials("admin", "guess-" + i).get("/connectors"), 401);
        }
        Answer limited = local.withCredentials("admin", "guess-3").get("/connectors");
        assertThat(error(limited, 429)).contains("Too many failed authentication attempts from 127.0.0.1");
        assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 600L);
        assertThat(local.withCredentials("admin", "s3cret").get("/connectors").status())
                .as("the right password from the limited address is not checked either").isEqualTo(429);
        assertThat(local.withCredentials("ops", "other").get("/connectors").status())
                .as("credentials verified before cost no check").isEqualTo(200);
        assertThat(local.get("/connectors").status()).as("no credentials: 401 as ever").isEqualTo(401);

        HttpClient other = new HttpClient();
        other.setBindAddress(new InetSocketAddress("127.0.0.2", 0));
        other.start();
        try {
            ContentResponse fromOther = other.newRequest(uri.resolve("/connectors"))
                    .headers(h -> h.put(HttpHeader.AUTHORIZATION, "Basic " + java.util.Base64.getEncoder()
                            .encodeToString("admin:s3cret".getBytes(java.nio.charset.StandardCharsets.UTF_8))))
                    .send();
            assertThat(fromOther.getStatus()).as(fromOther.getContentAsString()).isEqualTo(200);
            ContentResponse wrong = other.newRequest(uri.resolve("/connectors"))
                    .headers(h -> h.put(HttpHeader.AUTHORIZATION, "Basic " + java.util.Base64.getEncoder()
                            .encodeToString("admin:nope".getBytes(java.nio.charset.StandardCharsets.UTF_8))))
                    .send();
            assertThat(wrong.getStatus()).isEqualTo(401);
        } finally {
            other.stop();
        }
    }
}

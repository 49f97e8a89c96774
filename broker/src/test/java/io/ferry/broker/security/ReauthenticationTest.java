package io.ferry.broker.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.SaslAuthenticateRequestData;
import org.apache.kafka.common.message.SaslHandshakeRequestData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.SaslAuthenticateRequest;
import org.apache.kafka.common.requests.SaslAuthenticateResponse;
import org.apache.kafka.common.requests.SaslHandshakeRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.ferry.broker.it.Clients;
import io.ferry.broker.it.RawClient;
import io.ferry.broker.it.TestBroker;

/**
 * Sessions with a lifetime ({@code connections.max.reauth.ms}, KIP-368): kafka-clients re-authenticate on their open
 * connection and keep working; a client that does not is disconnected at its first request after the session ended.
 */
@Timeout(120)
class ReauthenticationTest {

    private static final long LIFETIME_MS = 2000;

    @TempDir
    static Path dir;
    static TestBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.start(dir, Map.of(
                "listeners", "SASL_PLAINTEXT://127.0.0.1:0",
                "sasl.enabled.mechanisms", "PLAIN",
                "listener.name.sasl_plaintext.plain.sasl.jaas.config", Sasl.PLAIN_MODULE
                        + " required user_alice=\"alice-secret\";",
                "listener.name.sasl_plaintext.connections.max.reauth.ms", Long.toString(LIFETIME_MS)));
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void clientsReauthenticateOnTheirConnection() throws Exception {
        Map<String, Object> props = new HashMap<>(Sasl.login("SASL_PLAINTEXT", "PLAIN", "alice", "alice-secret"));
        props.put("acks", "all");
        try (KafkaProducer<String, String> producer = Clients.producer(broker.bootstrap(), props)) {
            int[] sent = {0};
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
                producer.send(new ProducerRecord<>("reauth", 0, "k", "v" + sent[0]++)).get();
                return metric(producer.metrics(), "successful-reauthentication-total") >= 1;
            });
            assertThat(metric(producer.metrics(), "failed-reauthentication-total")).isZero();
            producer.send(new ProducerRecord<>("reauth", 0, "k", "after")).get();
        }
    }

    @Test
    void aSessionThatEndedClosesTheConnection() throws Exception {
        try (RawClient raw = new RawClient(broker.port())) {
            raw.send(new SaslHandshakeRequest.Builder(new SaslHandshakeRequestData().setMechanism("PLAIN"))
                    .build((short) 1));
            SaslAuthenticateResponse auth = (SaslAuthenticateResponse) raw.send(new SaslAuthenticateRequest.Builder(
                    new SaslAuthenticateRequestData().setAuthBytes("\0alice\0alice-secret"
                            .getBytes(StandardCharsets.UTF_8))).build((short) 2));
            assertThat(auth.error()).isEqualTo(Errors.NONE);
            assertThat(auth.sessionLifetimeMs()).isEqualTo(LIFETIME_MS);
            assertThat(raw.send(metadata())).isNotNull();
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
                try {
                    raw.send(metadata());
                    return false;
                } catch (IOException closed) {
                    return true;
                }
            });
        }
    }

    private static MetadataRequest metadata() {
        return new MetadataRequest.Builder(new MetadataRequestData().setTopics(java.util.List.of())).build((short) 12);
    }

    private static double metric(Map<MetricName, ? extends Metric> metrics, String name) {
        return metrics.entrySet().stream().filter(e -> e.getKey().name().equals(name)
                        && e.getKey().group().equals("producer-metrics"))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
    }
}

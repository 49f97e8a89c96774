package io.ferry.runtime.cluster;

import static io.ferry.runtime.testing.WorkerFixture.lines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.ferry.broker.cli.ScramCommand;
import io.ferry.broker.it.TestBroker;
import io.ferry.broker.security.TestCertificates;
import io.ferry.runtime.testing.WorkerFixture;
import io.ferry.runtime.testing.WorkerTest;
import picocli.CommandLine;

/**
 * The quickstart (exactly-once file source → connect-test → file sink) on a worker whose embedded broker is off and
 * whose broker accepts only SASL_SSL with SCRAM-SHA-512: the worker's own clients take the worker's security keys,
 * its tasks' clients the producer./consumer. overrides, as in Kafka Connect.
 */
class WorkerOnSecuredBrokerTest extends WorkerTest {

    private TestBroker broker;

    @AfterEach
    void stopBroker() {
        if (fixture != null) {
            fixture.close();
            fixture = null;
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void theQuickstartRunsAgainstASaslSslBroker() throws Exception {
        TestCertificates certs = TestCertificates.get();
        Path data = root.resolve("broker-data");
        Path brokerProps = Files.writeString(root.resolve("server.properties"), "log.dirs=" + data + "\n");
        assertThat(new CommandLine(new ScramCommand()).execute(brokerProps.toString(),
                "--add-scram", "SCRAM-SHA-512=[name=connect,password=connect-secret]")).isZero();
        Map<String, String> props = new HashMap<>(certs.broker(""));
        props.put("listeners", "SASL_SSL://127.0.0.1:0");
        props.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
        props.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        broker = TestBroker.start(data, props);

        Path input = Files.writeString(root.resolve("test.txt"), "line-0\n");
        Path output = root.resolve("test.sink.txt");
        fixture = new WorkerFixture(root).set("ferry.embedded.broker", "false")
                .set("exactly.once.source.support", "enabled").set("bootstrap.servers", broker.bootstrap());
        Map<String, Object> security = new HashMap<>(certs.client(false));
        security.put("security.protocol", "SASL_SSL");
        security.put("sasl.mechanism", "SCRAM-SHA-512");
        security.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                + "username=\"connect\" password=\"connect-secret\";");
        fixture.setClientSettings(security).startFileQuickstart(input, output);
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(lines(output)).containsExactly("line-0"));
        Files.writeString(input, "line-1\nline-2\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(lines(output))
                .containsExactly("line-0", "line-1", "line-2"));
    }
}

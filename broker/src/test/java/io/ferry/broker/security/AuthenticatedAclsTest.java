package io.ferry.broker.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.ferry.broker.it.Clients;
import io.ferry.broker.it.JavaProcess;
import io.ferry.broker.it.TestBroker;

/**
 * Authentication and ACLs together, driven by Apache Kafka's own kafka-configs and kafka-acls: a SCRAM user added
 * with kafka-configs logs in but is denied until kafka-acls grants it; group and transactional-id ACLs; a mutual-TLS
 * client is authorized as the principal its certificate maps to. The broker denies by default; only User:admin
 * (PLAIN) is a super user.
 */
@Timeout(240)
class AuthenticatedAclsTest {

    private static final String CONFIGS = "kafka.admin.ConfigCommand";
    private static final String ACLS = "org.apache.kafka.tools.AclCommand";

    @TempDir
    static Path dir;
    static TestBroker broker;
    static TestCertificates certs;
    static Path adminConfig;

    @BeforeAll
    static void start() throws Exception {
        certs = TestCertificates.get();
        Map<String, String> props = new HashMap<>(certs.broker(""));
        props.put("listeners", "SASL_PLAINTEXT://127.0.0.1:0,MTLS://127.0.0.1:0");
        props.put("listener.security.protocol.map", "SASL_PLAINTEXT:SASL_PLAINTEXT,MTLS:SSL");
        props.put("listener.name.mtls.ssl.client.auth", "required");
        props.put("ssl.principal.mapping.rules", "RULE:^CN=(.*?),OU=(.*?),O=(.*?)$/$1@$3/L,DEFAULT");
        props.put("sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-512");
        props.put("listener.name.sasl_plaintext.plain.sasl.jaas.config",
                Sasl.PLAIN_MODULE + " required user_admin=\"admin-secret\";");
        props.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        props.put("super.users", "User:admin");
        broker = TestBroker.start(dir.resolve("data"), props);
        adminConfig = dir.resolve("admin.properties");
        Files.writeString(adminConfig, "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN\n"
                + "sasl.jaas.config=" + Sasl.PLAIN_MODULE + " required username=\"admin\" password=\"admin-secret\";\n");
        try (Admin admin = Sasl.admin(sasl(), Sasl.login("SASL_PLAINTEXT", "PLAIN", "admin", "admin-secret"))) {
            admin.createTopics(List.of(new NewTopic("orders", 1, (short) 1), new NewTopic("audit", 1, (short) 1)))
                    .all().get();
        }
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private static String sasl() {
        return "127.0.0.1:" + broker.port("SASL_PLAINTEXT");
    }

    private static JavaProcess.Result tool(String main, String... args) throws Exception {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--command-config";
        all[args.length + 1] = adminConfig.toString();
        JavaProcess.Result r = JavaProcess.runTool(main, sasl(), all);
        assertThat(r.exitCode()).as(r.output()).isZero();
        return r;
    }

    private static Map<String, Object> carol() {
        return Sasl.login("SASL_PLAINTEXT", "SCRAM-SHA-512", "carol", "carol-secret");
    }

    @Test
    void aScramUserAddedWithKafkaConfigsIsDeniedUntilKafkaAclsGrantsIt() throws Exception {
        tool(CONFIGS, "--alter", "--entity-type", "users", "--entity-name", "carol",
                "--add-config", "SCRAM-SHA-512=[iterations=4096,password=carol-secret]");
        assertThat(tool(CONFIGS, "--describe", "--entity-type", "users", "--entity-name", "carol").output())
                .contains("SCRAM-SHA-512=iterations=4096");

        assertThatThrownBy(() -> Sasl.roundTrip(sasl(), carol(), "orders", 1))
                .hasRootCauseInstanceOf(TopicAuthorizationException.class);

        tool(ACLS, "--add", "--allow-principal", "User:carol", "--producer", "--topic", "orders");
        tool(ACLS, "--add", "--allow-principal", "User:carol", "--consumer", "--topic", "orders",
                "--group", "billing");
        Map<String, Object> member = new HashMap<>(carol());
        member.put("group.id", "billing");
        member.put("auto.offset.reset", "earliest");
        try (KafkaProducer<String, String> producer = Clients.producer(sasl(), carol())) {
            producer.send(new ProducerRecord<>("orders", "k", "paid")).get();
        }
        try (KafkaConsumer<String, String> consumer = Clients.consumer(sasl(), member)) {
            consumer.subscribe(List.of("orders"));
            List<String> values = new java.util.ArrayList<>();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
                return !values.isEmpty();
            });
            assertThat(values).contains("paid");
            consumer.commitSync();
        }

        Map<String, Object> otherGroup = new HashMap<>(carol());
        otherGroup.put("group.id", "not-billing");
        try (KafkaConsumer<String, String> consumer = Clients.consumer(sasl(), otherGroup)) {
            consumer.subscribe(List.of("orders"));
            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(10)))
                    .isInstanceOf(GroupAuthorizationException.class);
        }
        assertThatThrownBy(() -> Sasl.roundTrip(sasl(), carol(), "audit", 1))
                .as("ACLs on orders say nothing about audit").hasRootCauseInstanceOf(TopicAuthorizationException.class);
    }

    @Test
    void aTransactionalProducerNeedsWriteOnItsTransactionalId() throws Exception {
        tool(CONFIGS, "--alter", "--entity-type", "users", "--entity-name", "dave",
                "--add-config", "SCRAM-SHA-512=[password=dave-secret]");
        tool(ACLS, "--add", "--allow-principal", "User:dave", "--operation", "Write", "--operation", "Describe",
                "--topic", "orders");
        Map<String, Object> txn = new HashMap<>(Sasl.login("SASL_PLAINTEXT", "SCRAM-SHA-512", "dave", "dave-secret"));
        txn.put("transactional.id", "dave-tx");
        txn.put("max.block.ms", "10000");
        try (KafkaProducer<String, String> producer = Clients.producer(sasl(), txn)) {
            assertThatThrownBy(producer::initTransactions).isInstanceOf(TransactionalIdAuthorizationException.class);
        }
        tool(ACLS, "--add", "--allow-principal", "User:dave", "--producer", "--topic", "orders",
                "--transactional-id", "dave-tx");
        try (KafkaProducer<String, String> producer = Clients.producer(sasl(), txn)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("orders", "k", "in-txn")).get();
            producer.commitTransaction();
        }
    }

    @Test
    void aMutualTlsClientIsAuthorizedAsItsMappedPrincipal() throws Exception {
        Map<String, Object> alice = new HashMap<>(certs.client(true));
        alice.put("security.protocol", "SSL");
        String mtls = "127.0.0.1:" + broker.port("MTLS");
        assertThatThrownBy(() -> Sasl.roundTrip(mtls, alice, "audit", 1))
                .hasRootCauseInstanceOf(TopicAuthorizationException.class);
        tool(ACLS, "--add", "--allow-principal", "User:alice@acme", "--operation", "All", "--topic", "audit");
        assertThat(Sasl.roundTrip(mtls, alice, "audit", 2)).containsExactly("v0", "v1");
    }
}

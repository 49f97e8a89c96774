package io.ferry.broker.it;

import static io.ferry.broker.it.AclFixture.allow;
import static io.ferry.broker.it.AclFixture.assertFails;
import static io.ferry.broker.it.AclFixture.deny;
import static io.ferry.broker.it.AclFixture.send;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real kafka-clients against a broker that denies what no ACL allows ({@code allow.everyone.if.no.acl.found=false}),
 * as {@code User:ANONYMOUS}: topics, groups and transactional ids are refused with Kafka's exceptions until ACLs
 * allow them; DENY wins over ALLOW; prefixed patterns; Metadata hides topics the client may not describe.
 */
class AuthorizationTest {

    @TempDir
    static Path dir;
    static TestBroker broker;
    static Admin admin;

    @BeforeAll
    static void start() throws Exception {
        AclFixture.seedClusterAdmin(dir);
        broker = TestBroker.start(dir, AclFixture.settings(Map.of()));
        admin = broker.admin();
    }

    @AfterAll
    static void stop() {
        admin.close();
        broker.close();
    }

    @Test
    void metadataHidesTopicsTheClientMayNotDescribe() throws Exception {
        allow(admin, ResourceType.TOPIC, "meta-", PatternType.PREFIXED, AclOperation.CREATE);
        admin.createTopics(List.of(new NewTopic("meta-visible", 1, (short) 1),
                new NewTopic("meta-hidden", 1, (short) 1))).all().get();
        allow(admin, ResourceType.TOPIC, "meta-visible", PatternType.LITERAL, AclOperation.DESCRIBE);

        assertThat(admin.listTopics().names().get()).contains("meta-visible").doesNotContain("meta-hidden");
        assertThat(admin.describeTopics(List.of("meta-visible"), new DescribeTopicsOptions()
                .includeAuthorizedOperations(true)).allTopicNames().get().get("meta-visible").authorizedOperations())
                .containsExactlyInAnyOrder(AclOperation.CREATE, AclOperation.DESCRIBE);
        assertThat(admin.describeCluster(new DescribeClusterOptions().includeAuthorizedOperations(true))
                .authorizedOperations().get()).containsExactlyInAnyOrder(AclOperation.ALTER, AclOperation.DESCRIBE);
        assertFails(() -> admin.describeTopics(List.of("meta-hidden")).allTopicNames().get(),
                TopicAuthorizationException.class);
        assertFails(() -> admin.createTopics(List.of(new NewTopic("not-allowed", 1, (short) 1))).all().get(),
                TopicAuthorizationException.class);
    }

    @Test
    void producingNeedsWriteAndADenyWins() throws Exception {
        try (KafkaProducer<String, String> producer = producer(Map.of())) {
            assertFails(() -> send(producer, "orders"), TopicAuthorizationException.class);
        }
        allow(admin, ResourceType.TOPIC, "orders", PatternType.LITERAL, AclOperation.CREATE, AclOperation.WRITE,
                AclOperation.DESCRIBE);
        try (KafkaProducer<String, String> producer = producer(Map.of())) {
            assertThat(send(producer, "orders").offset())
                    .isZero();
        }
        deny(admin, ResourceType.TOPIC, "orders", PatternType.LITERAL, AclOperation.WRITE);
        try (KafkaProducer<String, String> producer = producer(Map.of(
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false, ProducerConfig.ACKS_CONFIG, "1"))) {
            assertFails(() -> send(producer, "orders"), TopicAuthorizationException.class);
        }
    }

    @Test
    void prefixedAclsCoverEveryTopicWithThePrefix() throws Exception {
        allow(admin, ResourceType.TOPIC, "logs-", PatternType.PREFIXED, AclOperation.CREATE, AclOperation.WRITE,
                AclOperation.DESCRIBE);
        try (KafkaProducer<String, String> producer = producer(Map.of())) {
            // Unknown so far: automatic creation needs CREATE, which the prefixed ACL gives.
            send(producer, "logs-app");
            send(producer, "logs-web");
            assertFails(() -> send(producer, "metrics-app"), TopicAuthorizationException.class);
        }
    }

    @Test
    void consumingNeedsReadOnTheGroup() throws Exception {
        allow(admin, ResourceType.TOPIC, "events", PatternType.LITERAL, AclOperation.CREATE, AclOperation.WRITE,
                AclOperation.READ);
        try (KafkaProducer<String, String> producer = producer(Map.of())) {
            send(producer, "events");
        }
        try (KafkaConsumer<String, String> consumer = consumer("events-denied")) {
            consumer.subscribe(List.of("events"));
            assertFails(() -> consumer.poll(Duration.ofSeconds(10)), GroupAuthorizationException.class);
        }
        allow(admin, ResourceType.GROUP, "events-ok", PatternType.LITERAL, AclOperation.READ);
        try (KafkaConsumer<String, String> consumer = consumer("events-ok")) {
            consumer.subscribe(List.of("events"));
            ConsumerRecords<String, String> got = ConsumerRecords.empty();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (got.isEmpty() && System.nanoTime() < deadline) {
                got = consumer.poll(Duration.ofMillis(500));
            }
            assertThat(got.count()).isEqualTo(1);
            consumer.commitSync();
        }
        assertThat(admin.listConsumerGroups().all().get()).extracting(g -> g.groupId()).contains("events-ok")
                .doesNotContain("events-denied");
    }

    @Test
    void transactionsNeedWriteOnTheTransactionalId() throws Exception {
        allow(admin, ResourceType.TOPIC, "payments", PatternType.LITERAL, AclOperation.CREATE, AclOperation.WRITE);
        try (KafkaProducer<String, String> producer = producer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                "payments-tx-1"))) {
            assertFails(producer::initTransactions, TransactionalIdAuthorizationException.class);
        }
        allow(admin, ResourceType.TRANSACTIONAL_ID, "payments-tx-", PatternType.PREFIXED, AclOperation.WRITE);
        try (KafkaProducer<String, String> producer = producer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                "payments-tx-2"))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("payments", "k", "v"));
            producer.commitTransaction();
        }
    }

    @Test
    void transactionToolsNeedDescribeOnTheIdAndReadOnTheTopic() throws Exception {
        allow(admin, ResourceType.TOPIC, "audit", PatternType.LITERAL, AclOperation.CREATE, AclOperation.WRITE);
        allow(admin, ResourceType.TRANSACTIONAL_ID, "audit-", PatternType.PREFIXED, AclOperation.WRITE);
        for (String id : List.of("audit-seen", "audit-hidden")) {
            try (KafkaProducer<String, String> producer = producer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, id))) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("audit", 0, "k", "v")).get();
                producer.commitTransaction();
            }
        }
        deny(admin, ResourceType.TRANSACTIONAL_ID, "audit-hidden", PatternType.LITERAL, AclOperation.DESCRIBE);
        assertThat(admin.listTransactions().all().get()).extracting(t -> t.transactionalId())
                .contains("audit-seen").doesNotContain("audit-hidden");
        assertThat(admin.describeTransactions(List.of("audit-seen")).description("audit-seen").get().state())
                .hasToString("CompleteCommit");
        assertFails(() -> admin.describeTransactions(List.of("audit-hidden")).description("audit-hidden").get(),
                TransactionalIdAuthorizationException.class);
        org.apache.kafka.common.TopicPartition audit = new org.apache.kafka.common.TopicPartition("audit", 0);
        assertFails(() -> admin.describeProducers(List.of(audit)).partitionResult(audit).get(),
                TopicAuthorizationException.class);
        allow(admin, ResourceType.TOPIC, "audit", PatternType.LITERAL, AclOperation.READ);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(admin.describeProducers(List.of(audit)).partitionResult(audit).get().activeProducers())
                        .hasSize(2));
    }

    private static KafkaProducer<String, String> producer(Map<String, Object> extra) {
        Map<String, Object> props = new java.util.HashMap<>(Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000));
        props.putAll(extra);
        return broker.producer(props);
    }

    private static KafkaConsumer<String, String> consumer(String group) {
        return broker.consumer(Map.of(ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
    }

}

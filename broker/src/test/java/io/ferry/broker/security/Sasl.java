package io.ferry.broker.security;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;

import io.ferry.broker.it.Clients;

/** Client settings with Kafka's names for the security tests, and a produce-then-consume round trip. */
final class Sasl {

    static final String PLAIN_MODULE = "org.apache.kafka.common.security.plain.PlainLoginModule";
    static final String SCRAM_MODULE = "org.apache.kafka.common.security.scram.ScramLoginModule";

    private Sasl() {
    }

    /** {@code security.protocol}, {@code sasl.mechanism} and {@code sasl.jaas.config} of a client logging in. */
    static Map<String, Object> login(String protocol, String mechanism, String user, String password) {
        Map<String, Object> m = new HashMap<>();
        m.put("security.protocol", protocol);
        m.put("sasl.mechanism", mechanism);
        m.put("sasl.jaas.config", (mechanism.equals("PLAIN") ? PLAIN_MODULE : SCRAM_MODULE)
                + " required username=\"" + user + "\" password=\"" + password + "\";");
        return m;
    }

    /** An admin client that gives up after a few seconds (failures must not hang a test). */
    static Admin admin(String bootstrap, Map<String, Object> security) {
        Map<String, Object> m = new HashMap<>(security);
        m.put("bootstrap.servers", bootstrap);
        m.put("default.api.timeout.ms", 15_000);
        m.put("request.timeout.ms", 10_000);
        return Admin.create(m);
    }

    /** Produces {@code count} records to partition 0 of {@code topic} and reads them back; returns the values read. */
    static List<String> roundTrip(String bootstrap, Map<String, Object> security, String topic, int count)
            throws Exception {
        Map<String, Object> producerProps = new HashMap<>(security);
        producerProps.put("acks", "all");
        try (KafkaProducer<String, String> producer = Clients.producer(bootstrap, producerProps)) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, 0, "k" + i, "v" + i)).get();
            }
        }
        List<String> values = new CopyOnWriteArrayList<>();
        try (KafkaConsumer<String, String> consumer = Clients.consumer(bootstrap, security)) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(java.time.Duration.ofMillis(200))) {
                    values.add(r.value());
                }
                return values.size() >= count;
            });
        }
        return values;
    }
}

package io.ferry.broker.it;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * A consumer-group member in its own process, for tests that kill it: subscribes, prints each record as
 * {@code RECORD partition offset} and its assignment as {@code ASSIGNED p,p}, and commits synchronously after each
 * poll. Arguments: bootstrap, group, topic.
 */
public final class GroupMemberMain {

    private GroupMemberMain() {
    }

    public static void main(String[] args) {
        Map<String, Object> props = Map.of("bootstrap.servers", args[0], "group.id", args[1],
                "key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer",
                "value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer",
                "enable.auto.commit", "false", "auto.offset.reset", "earliest",
                "session.timeout.ms", "6000", "heartbeat.interval.ms", "500", "max.poll.records", "10");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(args[2]));
            String last = "";
            while (true) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                    System.out.println("RECORD " + r.partition() + " " + r.offset());
                }
                consumer.commitSync();
                String assigned = consumer.assignment().stream().map(tp -> Integer.toString(tp.partition()))
                        .sorted().reduce((a, b) -> a + "," + b).orElse("");
                if (!assigned.equals(last)) {
                    System.out.println("ASSIGNED " + assigned);
                    last = assigned;
                }
                System.out.flush();
            }
        }
    }
}

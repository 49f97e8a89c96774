package io.ferry.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Which command lines get the quickstart's broker as --bootstrap-server, and that every tool's class exists. */
class KafkaToolTest {

    @Test
    void theQuickstartBrokerIsAddedOnlyWhenTheCommandLineNamesNoServers() {
        assertThat(KafkaTool.arguments(List.of("--list"))).containsExactly("--list", "--bootstrap-server",
                "localhost:9092");
        for (List<String> named : List.of(List.of("--bootstrap-server", "b:1", "--list"),
                List.of("--bootstrap-server=b:1"), List.of("--bootstrap-controller", "c:1"),
                List.of("--producer-props", "bootstrap.servers=b:1"), List.of("--consumer.config", "c.properties"),
                List.of("--help"), List.of("--version"))) {
            assertThat(KafkaTool.arguments(named)).as(named.toString()).isEqualTo(named);
        }
    }

    @Test
    void everyToolIsAKafkaClassWithAMain() throws Exception {
        assertThat(KafkaTool.TOOLS).hasSize(16).containsKeys("topics", "console-producer", "console-consumer",
                "consumer-groups", "configs", "acls", "reassign-partitions", "leader-election", "log-dirs",
                "transactions", "producer-perf-test", "consumer-perf-test", "get-offsets", "delete-records",
                "verifiable-producer", "verifiable-consumer");
        for (String main : KafkaTool.TOOLS.values()) {
            assertThat(Class.forName(main).getMethod("main", String[].class)).as(main).isNotNull();
        }
    }
}

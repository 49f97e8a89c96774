package io.ferry.connect.nifi.s2s.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ferry.connect.nifi.s2s.server.NiFiSiteToSiteSinkTask;
import io.ferry.connect.nifi.s2s.server.NiFiSiteToSiteSourceTask;
import io.ferry.connect.nifi.testing.SinkDrivers;
import io.ferry.testkit.driver.SinkTaskDriver;
import io.ferry.connect.nifi.testing.Sites;
import io.ferry.testkit.driver.PollingSourceDriver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Site-to-Site client connectors against Ferry's own site as the remote NiFi. */
class ClientConnectorsTest {

    private static final List<TopicPartition> PARTITIONS = List.of(new TopicPartition("events", 0), new TopicPartition("events", 1));

    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    private static Map<String, String> headers(SourceRecord record) {
        Map<String, String> headers = new HashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), (String) header.value());
        }
        return headers;
    }

    @Test
    void theClientSinkPushesRecordsToARemoteInputPort() {
        PollingSourceDriver remoteInput = PollingSourceDriver.start(new NiFiSiteToSiteSourceTask(), Sites.source("remote", "from-kafka", "landed"));
        closing.add(remoteInput);
        Map<String, String> props = Map.of("name", "push", "nifi.urls", Sites.url(Sites.EPHEMERAL), "nifi.port.name", "from-kafka",
                "nifi.batch.max.records", "50", "nifi.use.compression", "true");

        try (SinkTaskDriver<?> push = SinkDrivers.started(new NiFiSiteToSiteClientSinkTask(), props, PARTITIONS)) {
            SinkDrivers.put(push, 120);
        }

        assertThat(remoteInput.stored()).hasSize(120);
        SourceRecord first = remoteInput.stored().get(0);
        assertThat(first.key()).isEqualTo("key-0");
        assertThat(headers(first)).containsEntry("kafka.topic", "events").containsEntry("kafka.partition", "0")
                .containsEntry("kafka.offset", "0").containsEntry("source", "test");
    }

    @Test
    void theClientSourceConfirmsToNiFiOnlyAfterKafkaAcknowledged() {
        SinkTaskDriver<?> remoteOutput = SinkDrivers.started(new NiFiSiteToSiteSinkTask(), Sites.sink("remote", "to-kafka"), PARTITIONS);
        closing.add(remoteOutput);
        SinkDrivers.put(remoteOutput, 100);
        Map<String, String> props = Map.of("name", "pull", "topic", "pulled", "nifi.urls", Sites.url(Sites.EPHEMERAL),
                "nifi.port.name", "to-kafka", "nifi.poll.interval.ms", "100");
        PollingSourceDriver pull = PollingSourceDriver.start(new NiFiSiteToSiteClientSourceTask(), props);
        closing.add(pull);
        pull.holdAcknowledgements();

        await().atMost(Duration.ofSeconds(20)).until(() -> pull.stored().size() == 100);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .until(() -> remoteOutput.commit().values().stream().allMatch(offset -> offset == 0L));

        pull.resumeAcknowledgements();
        await().atMost(Duration.ofSeconds(20)).until(() -> remoteOutput.commit().values().stream().allMatch(offset -> offset == 50L));
        SourceRecord first = pull.stored().get(0);
        assertThat(first.topic()).isEqualTo("pulled");
        assertThat(new String((byte[]) first.value(), StandardCharsets.UTF_8)).startsWith("value-");
        assertThat(headers(first)).containsKeys("kafka.offset", "kafka.partition", "source");
    }
}

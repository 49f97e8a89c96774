package io.ferry.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka's connection and request-memory bounds with real sockets: max.connections.per.ip (and its overrides) closes
 * the connection over the limit at accept; max.connections makes new clients wait until one closes;
 * queued.max.request.bytes stops reading from clients while requests in flight hold more bytes than allowed.
 */
class ConnectionLimitsTest {

    @TempDir
    Path dir;

    @Test
    void connectionsOverThePerAddressLimitAreClosedAtAccept() throws Exception {
        try (TestBroker broker = TestBroker.start(dir, Map.of("max.connections.per.ip", "3"))) {
            List<RawClient> open = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    open.add(answering(broker));
                }
                try (RawClient fourth = new RawClient(broker.port())) {
                    assertThat(fourth.isClosedByPeer()).isTrue();
                }
                open.remove(0).close();
                Awaitility.await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                        .until(() -> open.add(answering(broker)));
            } finally {
                for (RawClient c : open) {
                    c.close();
                }
            }
        }
    }

    @Test
    void anOverrideNamesTheAddressesThatMayConnect() throws Exception {
        try (TestBroker broker = TestBroker.start(dir, Map.of("max.connections.per.ip", "0",
                "max.connections.per.ip.overrides", "127.0.0.1:2"));
             RawClient first = answering(broker); RawClient second = answering(broker);
             RawClient third = new RawClient(broker.port())) {
            assertThat(third.isClosedByPeer()).isTrue();
        }
    }

    @Test
    void overMaxConnectionsNewClientsWaitUntilOneCloses() throws Exception {
        try (TestBroker broker = TestBroker.start(dir, Map.of("max.connections", "2"))) {
            RawClient first = answering(broker);
            try (RawClient second = answering(broker); RawClient waiting = new RawClient(broker.port())) {
                waiting.readTimeout(1_000);
                waiting.writeFrame(apiVersions(1));
                assertThatThrownBy(waiting::readFrame).as("not accepted while two are open")
                        .isInstanceOf(SocketTimeoutException.class);
                first.close();
                waiting.readTimeout(10_000);
                assertThat(waiting.readFrame().getInt(0)).as("answered once one closed").isEqualTo(1);
            }
        }
    }

    @Test
    void whileRequestBytesInFlightExceedTheBoundClientsAreNotRead() throws Exception {
        try (TestBroker broker = TestBroker.start(dir, Map.of("queued.max.request.bytes", "10"))) {
            try (var admin = broker.admin()) {
                admin.createTopics(List.of(new NewTopic("quiet", 1, (short) 1))).all().get();
            }
            try (RawClient poller = new RawClient(broker.port()); RawClient other = answering(broker)) {
                // A long poll on an empty topic holds its request bytes for up to 4 s.
                TopicPartition tp = new TopicPartition("quiet", 0);
                FetchRequest fetch = FetchRequest.Builder.forConsumer((short) 12, 4_000, 1, Map.of(tp,
                        new FetchRequest.PartitionData(Uuid.ZERO_UUID, 0, 0, 1024, Optional.empty())))
                        .build((short) 12);
                poller.writeFrame(fetch.serializeWithHeader(new RequestHeader(ApiKeys.FETCH, (short) 12, "poller", 5)));
                Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                        .until(() -> answers(other));
                other.readTimeout(1_000);
                other.writeFrame(apiVersions(9));
                assertThatThrownBy(other::readFrame).as("not read while the poll holds the budget")
                        .isInstanceOf(SocketTimeoutException.class);
                assertThat(poller.readFrame().getInt(0)).isEqualTo(5);
                other.readTimeout(10_000);
                assertThat(other.readFrame().getInt(0)).as("read once the poll was answered").isEqualTo(9);
            }
        }
    }

    /** Whether a request on {@code c} is answered at once (the budget pauses a reader only after it read). */
    private static boolean answers(RawClient c) throws Exception {
        c.writeFrame(apiVersions(3));
        return c.readFrame().getInt(0) == 3;
    }

    private static RawClient answering(TestBroker broker) throws Exception {
        RawClient c = new RawClient(broker.port());
        c.writeFrame(apiVersions(1));
        assertThat(c.readFrame().getInt(0)).isEqualTo(1);
        return c;
    }

    private static java.nio.ByteBuffer apiVersions(int correlationId) {
        ApiVersionsRequest r = new ApiVersionsRequest.Builder(new ApiVersionsRequestData()
                .setClientSoftwareName("limits").setClientSoftwareVersion("1"), (short) 3, (short) 3).build((short) 3);
        return r.serializeWithHeader(new RequestHeader(ApiKeys.API_VERSIONS, (short) 3, "limits", correlationId));
    }
}

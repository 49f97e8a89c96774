package io.ferry.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.requests.MetadataResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ferry.broker.network.NetworkServer;

/**
 * One misbehaving client never floods the log: 1,000 bad requests (malformed headers, unsupported versions, bad
 * bodies, denied topics) give a line per kind of error and a count once the interval is over, without stack traces,
 * and the broker keeps answering.
 */
class ClientErrorLogTest {

    @TempDir
    Path dir;

    @Test
    void athousandBadFramesFromOneClientAreLoggedOncePerKindWithACount() throws Exception {
        try (TestBroker broker = TestBroker.start(dir);
             LogCapture logs = new LogCapture("io.ferry.broker.network")) {
            long start = System.currentTimeMillis();
            for (int i = 0; i < 1_000; i++) {
                try (RawClient c = new RawClient(broker.port())) {
                    switch (i % 3) {
                        case 0 -> c.writeFrame(ByteBuffer.wrap(new byte[] {0, 0, 0}));
                        case 1 -> c.writeFrame(header(ApiKeys.PRODUCE, (short) 99));
                        default -> c.writeFrame(header(ApiKeys.METADATA, (short) 12));
                    }
                    assertThat(c.isClosedByPeer()).isTrue();
                }
            }
            long intervals = intervalsSince(start);
            assertThat(logs.messages()).as("a line per kind of error and interval, and one count")
                    .hasSizeLessThanOrEqualTo((int) (3 * 2 * intervals));
            assertThat(logs.anyThrowable()).isFalse();
            try (VersionedClient c = new VersionedClient(broker.port())) {
                c.call(ApiKeys.API_VERSIONS, (short) 3, new ApiVersionsRequestData()
                        .setClientSoftwareName("after").setClientSoftwareVersion("1"));
            }
            Awaitility.await().atMost(Duration.ofMillis(NetworkServer.CLIENT_ERROR_INTERVAL_MS * 3))
                    .untilAsserted(() -> assertThat(logs.messages())
                            .anyMatch(m -> m.matches("\\d+ more like this from 127.0.0.1 \\(unsupported version\\).*")));
        }
    }

    @Test
    void aClientDeniedAThousandTimesIsAuditedOncePerInterval() throws Exception {
        AclFixture.seedClusterAdmin(dir);
        try (TestBroker broker = TestBroker.start(dir, AclFixture.settings(Map.of()));
             LogCapture audit = new LogCapture("kafka.authorizer.logger");
             VersionedClient c = new VersionedClient(broker.port())) {
            MetadataRequestData secret = new MetadataRequestData().setAllowAutoTopicCreation(false)
                    .setTopics(List.of(new MetadataRequestData.MetadataRequestTopic().setName("secret")));
            long start = System.currentTimeMillis();
            for (int i = 0; i < 1_000; i++) {
                MetadataResponse r = c.call(ApiKeys.METADATA, (short) 12, secret);
                assertThat(r.errors()).containsEntry("secret", Errors.TOPIC_AUTHORIZATION_FAILED);
            }
            assertThat(audit.messages()).hasSizeLessThanOrEqualTo((int) (2 * intervalsSince(start)));
            assertThat(audit.messages().get(0)).contains("is Denied operation = DESCRIBE").contains("secret");
        }
    }

    /** How many log intervals the time since {@code startMs} touches. */
    private static long intervalsSince(long startMs) {
        return (System.currentTimeMillis() - startMs) / NetworkServer.CLIENT_ERROR_INTERVAL_MS + 1;
    }

    private static ByteBuffer header(ApiKeys api, short version) {
        RequestHeader h = new RequestHeader(api, version, "bad-client", 7);
        ByteBuffer bytes = MessageUtil.toByteBufferAccessor(h.data(), h.headerVersion()).buffer();
        ByteBuffer frame = ByteBuffer.allocate(bytes.remaining() + 3);
        frame.put(bytes).put(new byte[] {1, 2, 3}).flip();
        return frame;
    }
}

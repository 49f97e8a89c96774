package io.ferry.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.broker.producer.ProducerStateSnapshot;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.MetadataResponse;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the broker answers at the byte level: version negotiation, idempotent retries and broken frames. */
class WireProtocolTest {

    @TempDir
    static Path dir;
    static TestBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.start(dir, Map.of("socket.request.max.bytes", "1048576"));
        try (var admin = broker.admin()) {
            admin.createTopics(List.of(new NewTopic("raw", 1, (short) 1))).all().get();
        }
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void advertisesOnlyImplementedStableVersions() throws Exception {
        try (RawClient client = new RawClient(broker.port())) {
            ApiVersionsResponse resp = (ApiVersionsResponse) client.send(new ApiVersionsRequest.Builder().build((short) 3));
            ApiVersionsResponseData.ApiVersion produce = resp.data().apiKeys().find(ApiKeys.PRODUCE.id);
            assertThat(produce.minVersion()).isEqualTo((short) 3);
            assertThat(produce.maxVersion()).isEqualTo((short) 12);
            assertThat(resp.data().apiKeys().find(ApiKeys.FETCH.id).maxVersion()).isEqualTo((short) 12);
            assertThat(resp.data().apiKeys().find(ApiKeys.METADATA.id).maxVersion()).isEqualTo((short) 12);
            for (ApiVersionsResponseData.ApiVersion v : resp.data().apiKeys()) {
                ApiKeys key = ApiKeys.forId(v.apiKey());
                assertThat(v.maxVersion()).as(key.name()).isLessThanOrEqualTo(key.latestVersion(false));
            }
            // SaslHandshake is advertised as Kafka does (v1 only: v0's raw tokens are not offered).
            ApiVersionsResponseData.ApiVersion handshake = resp.data().apiKeys().find(ApiKeys.SASL_HANDSHAKE.id);
            assertThat(handshake.minVersion()).isEqualTo((short) 1);
            assertThat(handshake.maxVersion()).isEqualTo((short) 1);
        }
    }

    @Test
    void unknownApiVersionsVersionGetsAV0AnswerWithTheSupportedRange() throws Exception {
        try (RawClient client = new RawClient(broker.port())) {
            // An ApiVersions request from a newer client: version 99, empty v3-style body.
            RequestHeader header = new RequestHeader(ApiKeys.API_VERSIONS, (short) 99, "future-client", 7);
            ByteBuffer frame = ByteBuffer.allocate(64);
            frame.putShort(ApiKeys.API_VERSIONS.id).putShort((short) 99).putInt(7).putShort((short) -1).put((byte) 0);
            frame.flip();
            client.writeFrame(frame);
            ByteBuffer resp = client.readFrame();
            assertThat(resp.getInt()).isEqualTo(header.correlationId());
            ApiVersionsResponse parsed = ApiVersionsResponse.parse(
                    new org.apache.kafka.common.protocol.ByteBufferAccessor(resp), (short) 0);
            assertThat(parsed.data().errorCode()).isEqualTo(Errors.UNSUPPORTED_VERSION.code());
            assertThat(parsed.data().apiKeys().find(ApiKeys.API_VERSIONS.id).maxVersion()).isEqualTo((short) 4);
        }
    }

    @Test
    void retriedBatchIsAnsweredWithItsOriginalOffsetAndGapsAreRejected() throws Exception {
        try (RawClient client = new RawClient(broker.port())) {
            long pid = 4242;
            short epoch = 0;
            ProduceResponseData.PartitionProduceResponse first = produce(client, batch(pid, epoch, 0, "a", "b"));
            assertThat(first.errorCode()).isEqualTo(Errors.NONE.code());
            ProduceResponseData.PartitionProduceResponse second = produce(client, batch(pid, epoch, 2, "c"));
            assertThat(second.baseOffset()).isEqualTo(first.baseOffset() + 2);

            ProduceResponseData.PartitionProduceResponse retry = produce(client, batch(pid, epoch, 0, "a", "b"));
            assertThat(retry.errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(retry.baseOffset()).isEqualTo(first.baseOffset());

            ProduceResponseData.PartitionProduceResponse gap = produce(client, batch(pid, epoch, 10, "z"));
            assertThat(gap.errorCode()).isEqualTo(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER.code());

            ProduceResponseData.PartitionProduceResponse next = produce(client, batch(pid, epoch, 3, "d"));
            assertThat(next.baseOffset()).isEqualTo(first.baseOffset() + 3);
        }
        try (var consumer = broker.consumer(Map.of())) {
            var got = Records.readToEnd(consumer, List.of(new org.apache.kafka.common.TopicPartition("raw", 0)));
            assertThat(got).extracting(r -> r.value()).containsExactly("a", "b", "c", "d");
        }
    }

    @Test
    void aRetriedBatchIsStillRecognisedAfterACleanRestartFromTheSavedProducerState(@TempDir Path data) throws Exception {
        try (TestBroker own = TestBroker.start(data)) {
            try (var admin = own.admin()) {
                admin.createTopics(List.of(new NewTopic("raw", 1, (short) 1))).all().get();
            }
            long pid = 777;
            short epoch = 0;
            long firstOffset;
            try (RawClient client = new RawClient(own.port())) {
                ProduceResponseData.PartitionProduceResponse first = produce(client, batch(pid, epoch, 0, "a", "b"));
                assertThat(first.errorCode()).isEqualTo(Errors.NONE.code());
                firstOffset = first.baseOffset();
            }
            own.restart();
            Path snapshot = data.resolve("raw-0").resolve(ProducerStateSnapshot.FILE_NAME);
            assertThat(snapshot).as("saved at the clean shutdown").exists();

            try (RawClient client = new RawClient(own.port())) {
                ProduceResponseData.PartitionProduceResponse retry = produce(client, batch(pid, epoch, 0, "a", "b"));
                assertThat(retry.errorCode()).isEqualTo(Errors.NONE.code());
                assertThat(retry.baseOffset()).isEqualTo(firstOffset);
                assertThat(produce(client, batch(pid, epoch, 9, "z")).errorCode()).isEqualTo(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER.code());
                assertThat(produce(client, batch(pid, epoch, 2, "c")).baseOffset()).isEqualTo(firstOffset + 2);
            }
            assertThat(snapshot).as("taken at first use").doesNotExist();
        }
    }

    private static MemoryRecords batch(long pid, short epoch, int seq, String... values) {
        SimpleRecord[] records = new SimpleRecord[values.length];
        for (int i = 0; i < values.length; i++) {
            records[i] = new SimpleRecord(values[i].getBytes());
        }
        return MemoryRecords.withIdempotentRecords(Compression.NONE, pid, epoch, seq, records);
    }

    private static ProduceResponseData.PartitionProduceResponse produce(RawClient client, MemoryRecords records)
            throws Exception {
        ProduceRequestData data = new ProduceRequestData().setAcks((short) -1).setTimeoutMs(5000);
        ProduceRequestData.TopicProduceData topic = new ProduceRequestData.TopicProduceData().setName("raw");
        topic.partitionData().add(new ProduceRequestData.PartitionProduceData().setIndex(0).setRecords(records));
        data.topicData().add(topic);
        ProduceResponse resp = (ProduceResponse) client.send(new ProduceRequest.Builder((short) 9, (short) 9, data)
                .build((short) 9));
        return resp.data().responses().iterator().next().partitionResponses().get(0);
    }

    @Test
    void badFramesCloseOnlyTheirConnection() throws Exception {
        try (RawClient healthy = new RawClient(broker.port())) {
            // Garbage body: valid size prefix, unknown API key.
            try (RawClient bad = new RawClient(broker.port())) {
                bad.writeFrame(ByteBuffer.wrap(new byte[]{0x7f, 0x7f, 0, 1, 0, 0, 0, 1, 1, 2, 3}));
                assertThat(bad.isClosedByPeer()).isTrue();
            }
            // A Metadata header with a body cut short.
            try (RawClient bad = new RawClient(broker.port())) {
                ByteBuffer frame = ByteBuffer.allocate(12);
                frame.putShort(ApiKeys.METADATA.id).putShort((short) 9).putInt(1).putShort((short) 3).putShort((short) 0x41);
                frame.flip();
                bad.writeFrame(frame);
                assertThat(bad.isClosedByPeer()).isTrue();
            }
            // Oversized: announces 512 MiB.
            try (RawClient bad = new RawClient(broker.port())) {
                bad.writeRaw(new byte[]{0x20, 0, 0, 0, 0, 0});
                assertThat(bad.isClosedByPeer()).isTrue();
            }
            // Negative size.
            try (RawClient bad = new RawClient(broker.port())) {
                bad.writeRaw(new byte[]{(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xf0});
                assertThat(bad.isClosedByPeer()).isTrue();
            }
            // Truncated frame, then the client goes away.
            try (RawClient bad = new RawClient(broker.port())) {
                bad.writeRaw(new byte[]{0, 0, 0, 100, 0, 3});
            }
            // The connection opened before all this still works, and so do new clients.
            MetadataResponse md = (MetadataResponse) healthy.send(
                    new MetadataRequest.Builder(List.of("raw"), false).build((short) 12));
            assertThat(md.topicMetadata()).hasSize(1);
            try (var producer = broker.producer(Map.of())) {
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>("after-bad-frames", "still up")).get();
            }
        }
    }
}

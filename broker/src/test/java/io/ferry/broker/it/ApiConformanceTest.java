package io.ferry.broker.it;

import static io.ferry.broker.it.ConformanceFixture.BASE_TS;
import static io.ferry.broker.it.ConformanceFixture.COMMITTED;
import static io.ferry.broker.it.ConformanceFixture.GROUP;
import static io.ferry.broker.it.ConformanceFixture.RECORDS;
import static io.ferry.broker.it.ConformanceFixture.TOPIC;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every API the broker advertises, at every version in its advertised range, answered over a raw socket the way
 * non-Java clients (librdkafka, kafkajs) ask with old versions: the connection stays open and the response parses at
 * the request's version with its correlation id and no UNSUPPORTED_VERSION. The offset, metadata, produce, fetch,
 * group and transaction calls work on real topics, groups and transactions so the handlers fill in real values.
 * Outside the advertised range, ApiVersions gets a v0 UNSUPPORTED_VERSION answer with the ranges and every other API
 * gets its connection closed (as Apache Kafka does; the broker logs a WARN naming the API, version and client).
 */
class ApiConformanceTest {

    @TempDir
    static Path dir;
    static TestBroker broker;
    static Admin admin;
    static ConformanceFixture fixture;
    static final Map<ApiKeys, ConformanceFixture.Step> STEPS = new EnumMap<>(ApiKeys.class);

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.start(dir, ConformanceFixture.brokerSettings());
        admin = broker.admin();
        int nodeId = admin.describeCluster().nodes().get().iterator().next().id();
        try (VersionedClient c = new VersionedClient(broker.port())) {
            ApiVersionsResponse versions = c.call(ApiKeys.API_VERSIONS, (short) 3, new ApiVersionsRequestData()
                    .setClientSoftwareName("ferry-conformance").setClientSoftwareVersion("1.0"));
            fixture = new ConformanceFixture(broker, admin, versions.data().apiKeys(), nodeId);
        }
        fixture.createTopic(TOPIC, 1);
        fixture.createTopic(ConformanceFixture.PRODUCE_TOPIC, 1);
        try (var producer = broker.producer(Map.of())) {
            for (int i = 0; i < RECORDS; i++) {
                producer.send(new ProducerRecord<>(TOPIC, 0, BASE_TS + i * 1000L, "k" + i, "v" + i)).get();
            }
        }
        admin.alterConsumerGroupOffsets(GROUP, Map.of(new TopicPartition(TOPIC, 0),
                new OffsetAndMetadata(COMMITTED))).all().get();
        DataApiCalls.register(STEPS, fixture);
        AdminApiCalls.register(STEPS, fixture);
        GroupApiCalls.register(STEPS, fixture);
        TxnApiCalls.register(STEPS, fixture);
        TxnApiCalls.registerDescribe(STEPS, fixture);
        ReassignApiCalls.register(STEPS, fixture);
        AclApiCalls.register(STEPS);
        SecurityApiCalls.register(STEPS, fixture);
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.close();
        }
        broker.close();
    }

    @Test
    void everyAdvertisedApiHasAConformanceCall() {
        List<ApiKeys> missing = new ArrayList<>();
        for (ApiVersion v : fixture.advertised) {
            ApiKeys api = ApiKeys.forId(v.apiKey());
            if (!STEPS.containsKey(api)) {
                missing.add(api);
            }
        }
        assertThat(missing).as("advertised APIs without a conformance call").isEmpty();
    }

    @TestFactory
    Stream<DynamicTest> everyAdvertisedVersionIsAnswered() {
        List<DynamicTest> tests = new ArrayList<>();
        for (ApiVersion range : fixture.advertised) {
            ApiKeys api = ApiKeys.forId(range.apiKey());
            ConformanceFixture.Step step = STEPS.get(api);
            if (step == null) {
                continue;
            }
            for (short v = range.minVersion(); v <= range.maxVersion(); v++) {
                short version = v;
                tests.add(DynamicTest.dynamicTest(api + " v" + version, () -> {
                    try (VersionedClient c = new VersionedClient(broker.port())) {
                        step.run(c, version);
                        c.assertStillOpen();
                    }
                }));
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> versionsOutsideTheAdvertisedRangeGetAClearAnswer() {
        List<DynamicTest> tests = new ArrayList<>();
        for (ApiVersion range : fixture.advertised) {
            ApiKeys api = ApiKeys.forId(range.apiKey());
            List<Short> outside = new ArrayList<>(List.of((short) (range.maxVersion() + 1)));
            if (range.minVersion() > 0) {
                outside.add((short) (range.minVersion() - 1));
            }
            for (short version : outside) {
                tests.add(DynamicTest.dynamicTest(api + " v" + version, () -> outsideTheRange(api, version)));
            }
        }
        return tests.stream();
    }

    private static void outsideTheRange(ApiKeys api, short version) throws Exception {
        try (VersionedClient c = new VersionedClient(broker.port())) {
            RequestHeader header = new RequestHeader(api, version, "ferry-conformance", 77);
            ByteBuffer headerBytes = MessageUtil.toByteBufferAccessor(header.data(), header.headerVersion()).buffer();
            ByteBuffer frame = ByteBuffer.allocate(headerBytes.remaining() + 8);
            frame.put(headerBytes).put(new byte[8]).flip();
            c.raw().writeFrame(frame);
            if (api == ApiKeys.API_VERSIONS) {
                assertApiVersionsV0Error(c.raw().readFrame());
                c.assertStillOpen();
            } else {
                assertThat(c.raw().isClosedByPeer()).as("connection closed after " + api + " v" + version).isTrue();
            }
        }
    }

    private static void assertApiVersionsV0Error(ByteBuffer response) {
        assertThat(response.getInt()).isEqualTo(77);
        ApiVersionsResponse parsed = ApiVersionsResponse.parse(
                new org.apache.kafka.common.protocol.ByteBufferAccessor(response), (short) 0);
        assertThat(Errors.forCode(parsed.data().errorCode())).isEqualTo(Errors.UNSUPPORTED_VERSION);
        assertThat(parsed.data().apiKeys().find(ApiKeys.API_VERSIONS.id)).isNotNull();
        assertThat(parsed.data().apiKeys()).hasSameSizeAs(fixture.advertised);
    }
}

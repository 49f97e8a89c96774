package io.ferry.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 100,000 malformed frames at a broker process with bin/ferry's default heap (256 MB): negative and huge lengths,
 * unknown API keys and versions, random bodies after real headers, truncated frames, record batches with bad CRCs or
 * overflowing sizes, random bytes, and a gzip batch that expands to 64 MB. The broker stays up, answers ApiVersions in under a second afterwards, still
 * holds every record acknowledged before, and its log stays under 2 MB (repeated errors are counted, not repeated).
 */
class MalformedFramesTest {

    private static final Logger LOG = LoggerFactory.getLogger(MalformedFramesTest.class);
    private static final int FRAMES = 100_000;
    private static final int THREADS = 4;

    @TempDir
    Path dir;

    @Test
    void aFloodOfMalformedFramesHurtsNothing() throws Exception {
        try (BrokerProcess broker = new BrokerProcess(dir).start()) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrap()))) {
                admin.createTopics(List.of(new NewTopic("victim", 1, (short) 1), new NewTopic("bomb", 1, (short) 1)))
                        .all().get();
            }
            try (KafkaProducer<String, String> producer = Clients.producer(broker.bootstrap(),
                    Map.of(ProducerConfig.ACKS_CONFIG, "all"))) {
                for (int i = 0; i < 1000; i++) {
                    producer.send(new ProducerRecord<>("victim", 0, "k" + i, "v" + i));
                }
                producer.flush();
            }
            int port = Integer.parseInt(broker.bootstrap().substring(broker.bootstrap().lastIndexOf(':') + 1));
            // A 64 KB gzip batch that expands to 64 MB, to a topic of its own: the broker stores it as the producer
            // compressed it, without inflating it.
            byte[] bomb = produce("bomb", MemoryRecords.withRecords(Compression.gzip().build(),
                    new SimpleRecord("k".getBytes(), new byte[64 * 1024 * 1024])));
            for (int i = 0; i < 10; i++) {
                send(port, bomb);
            }
            List<byte[]> kinds = frames();
            AtomicLong sent = new AtomicLong();
            long started = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int seed = t;
                workers.add(pool.submit(() -> {
                    Random random = new Random(seed);
                    for (int i = seed; i < FRAMES; i += THREADS) {
                        byte[] frame = i % 10 == 9 ? randomFrame(random) : kinds.get(i % kinds.size());
                        send(port, frame);
                        sent.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> w : workers) {
                w.get();
            }
            pool.shutdown();
            LOG.info("Sent {} malformed frames in {} ms", sent.get(), (System.nanoTime() - started) / 1_000_000);

            try (RawClient client = new RawClient(port)) {
                long t0 = System.nanoTime();
                ApiVersionsResponse r = (ApiVersionsResponse) client.send(
                        new ApiVersionsRequest.Builder().build((short) 3));
                assertThat(r.data().errorCode()).isZero();
                assertThat((System.nanoTime() - t0) / 1_000_000).as("ms to answer ApiVersions").isLessThan(1000);
            }
            try (KafkaConsumer<String, String> consumer = Clients.consumer(broker.bootstrap(), Map.of())) {
                List<TopicPartition> tp = List.of(new TopicPartition("victim", 0));
                assertThat(Records.readToEnd(consumer, tp)).hasSize(1000);
            }
            long logBytes;
            try (Stream<Path> outs = Files.list(dir)) {
                logBytes = outs.filter(p -> p.getFileName().toString().endsWith(".out"))
                        .mapToLong(p -> p.toFile().length()).sum();
            }
            LOG.info("Broker log after the flood: {} bytes", logBytes);
            assertThat(logBytes).as("bytes the broker logged").isLessThan(2 * 1024 * 1024);
        }
    }

    /**
     * One frame on its own connection, then end of input; waits until the broker has closed the connection, so every
     * frame was handled (and the broker, closing first, keeps the TIME_WAIT of 100,000 connections, not this side).
     */
    private static void send(int port, byte[] frame) {
        try (Socket s = new Socket()) {
            s.setSoTimeout(10_000);
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            OutputStream out = s.getOutputStream();
            out.write(frame);
            out.flush();
            s.shutdownOutput();
            var in = s.getInputStream();
            byte[] sink = new byte[4096];
            while (in.read(sink) >= 0) {
                // an answer, if the frame happened to be a valid request; then the broker closes
            }
        } catch (java.net.SocketTimeoutException e) {
            throw new AssertionError("the broker neither answered nor closed within 10 s", e);
        } catch (IOException closedByTheBroker) {
            // a reset while writing: the broker closed first, which is what it should do
        }
    }

    private static byte[] sized(byte[] body) {
        return ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array();
    }

    private static byte[] header(ApiKeys api, short version) {
        RequestHeader h = new RequestHeader(api, version, "flood", 7);
        ObjectSerializationCache cache = new ObjectSerializationCache();
        ByteBuffer b = ByteBuffer.allocate(h.data().size(cache, h.headerVersion()));
        h.data().write(new ByteBufferAccessor(b), cache, h.headerVersion());
        b.flip();
        byte[] a = new byte[b.remaining()];
        b.get(a);
        return a;
    }

    private static byte[] produce(String topic, MemoryRecords records) {
        ProduceRequestData.TopicProduceDataCollection topics = new ProduceRequestData.TopicProduceDataCollection();
        topics.add(new ProduceRequestData.TopicProduceData().setName(topic).setPartitionData(List.of(
                new ProduceRequestData.PartitionProduceData().setIndex(0).setRecords(records))));
        ProduceRequest request = ProduceRequest.builder(new ProduceRequestData().setAcks((short) 1)
                .setTimeoutMs(1000).setTopicData(topics)).build((short) 9);
        ByteBuffer b = request.serializeWithHeader(new RequestHeader(ApiKeys.PRODUCE, (short) 9, "flood", 9));
        byte[] a = new byte[b.remaining()];
        b.get(a);
        return sized(a);
    }

    /** The fixed kinds of malformed frame, sent in turn. */
    private static List<byte[]> frames() throws IOException {
        List<byte[]> kinds = new ArrayList<>();
        kinds.add(ByteBuffer.allocate(8).putInt(-1).putInt(0).array());
        kinds.add(ByteBuffer.allocate(8).putInt(Integer.MAX_VALUE).putInt(0).array());
        kinds.add(sized(ByteBuffer.allocate(10).putShort((short) 999).putShort((short) 0).putInt(1).putShort((short) -1)
                .array()));
        kinds.add(sized(ByteBuffer.allocate(10).putShort(ApiKeys.PRODUCE.id).putShort((short) 99).putInt(1)
                .putShort((short) -1).array()));
        kinds.add(ByteBuffer.allocate(14).putInt(100).putShort(ApiKeys.METADATA.id).putShort((short) 12).putInt(3)
                .array());
        MemoryRecords good = MemoryRecords.withRecords(Compression.NONE, new SimpleRecord("k".getBytes(), "v".getBytes()));
        byte[] badCrc = good.buffer().array().clone();
        badCrc[badCrc.length - 1] ^= 0x5a;
        kinds.add(produce("victim", MemoryRecords.readableRecords(ByteBuffer.wrap(badCrc))));
        // A batch whose size field overflows (kafka-clients will not serialize it: patched into a valid frame; in
        // Produce v9 the records are followed by three empty tagged-field sections).
        byte[] overflow = produce("victim", good);
        int batchStart = overflow.length - 3 - good.sizeInBytes();
        ByteBuffer.wrap(overflow).putInt(batchStart + 8, Integer.MAX_VALUE);
        kinds.add(overflow);
        return kinds;
    }

    /** A Metadata, Produce or Fetch header with random bytes after it, or random bytes altogether. */
    private static byte[] randomFrame(Random random) {
        byte[] body = new byte[random.nextInt(200)];
        random.nextBytes(body);
        if (random.nextBoolean()) {
            ApiKeys[] apis = {ApiKeys.METADATA, ApiKeys.PRODUCE, ApiKeys.FETCH, ApiKeys.JOIN_GROUP};
            ApiKeys api = apis[random.nextInt(apis.length)];
            byte[] h = header(api, api.latestVersion());
            byte[] all = new byte[h.length + body.length];
            System.arraycopy(h, 0, all, 0, h.length);
            System.arraycopy(body, 0, all, h.length, body.length);
            return sized(all);
        }
        return sized(body);
    }
}

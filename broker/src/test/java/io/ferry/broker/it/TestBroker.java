package io.ferry.broker.it;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;

import io.ferry.broker.BrokerServer;
import io.ferry.broker.config.BrokerConfig;

/** A real broker in this JVM on a free loopback port, with its data in a test folder, and clients for it. */
public final class TestBroker implements AutoCloseable {

    private final Path dataDir;
    private final Map<String, String> overrides;
    private BrokerServer server;
    private int port;

    private TestBroker(Path dataDir, Map<String, String> overrides) {
        this.dataDir = dataDir;
        this.overrides = overrides;
    }

    public static TestBroker start(Path dataDir) throws Exception {
        return start(dataDir, Map.of());
    }

    public static TestBroker start(Path dataDir, Map<String, String> overrides) throws Exception {
        TestBroker b = new TestBroker(dataDir, overrides);
        b.startServer(0);
        return b;
    }

    private void startServer(int fixedPort) throws Exception {
        Map<String, String> props = new HashMap<>();
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + fixedPort);
        props.put("log.dirs", dataDir.toString());
        props.putAll(overrides);
        server = new BrokerServer(new BrokerConfig(props));
        server.start();
        port = server.port();
    }

    /** Stops the broker cleanly and starts it again on the same port and data. */
    public void restart() throws Exception {
        server.close();
        startServer(port);
    }

    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** The port of the listener named {@code listener} (a broker with several listeners). */
    public int port(String listener) {
        return server.port(listener);
    }

    /** The running broker, for tests that reach into its partitions. */
    public BrokerServer server() {
        return server;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Admin admin() {
        return Clients.admin(bootstrap());
    }

    public KafkaProducer<String, String> producer(Map<String, Object> extra) {
        return Clients.producer(bootstrap(), extra);
    }

    public KafkaConsumer<String, String> consumer(Map<String, Object> extra) {
        return Clients.consumer(bootstrap(), extra);
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}

package io.ferry.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.slf4j.LoggerFactory;

import com.code_intelligence.jazzer.junit.FuzzTest;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/**
 * Coverage-guided fuzzing (Jazzer) of the broker's request path over a real socket: any bytes as one size-prefixed
 * frame (headers, API keys, versions and bodies of every kind). The broker must keep answering ApiVersions on
 * another connection, and no input may reach an unexpected error inside the broker (an ERROR logged by the
 * connection: a handler throwing something that is not a Kafka error). Inputs in RequestFuzzTestInputs/ run as
 * regression tests in every build; {@code JAZZER_FUZZ=1} fuzzes (docs/fuzzing.md). The test's own loopback
 * connections are not server-side request forgery: that detector is off (junit-platform.properties).
 */
class RequestFuzzTest {

    private static TestBroker broker;
    private static Path dir;
    private static RawClient probe;
    private static final ListAppender<ILoggingEvent> errors = new ListAppender<>();

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("request-fuzz");
        broker = TestBroker.start(dir);
        probe = new RawClient(broker.port());
        Logger connections = (Logger) LoggerFactory.getLogger("io.ferry.broker.network.ConnectionHandler");
        errors.start();
        connections.addAppender(errors);
    }

    @AfterAll
    static void stop() throws IOException {
        ((Logger) LoggerFactory.getLogger("io.ferry.broker.network.ConnectionHandler")).detachAppender(errors);
        if (probe != null) {
            probe.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @FuzzTest(maxDuration = "60s")
    void anyFrameLeavesTheBrokerServingWithoutAnUnexpectedError(byte[] body) throws Exception {
        send(body);
        long started = System.nanoTime();
        ApiVersionsResponse r = (ApiVersionsResponse) probe.send(new ApiVersionsRequest.Builder().build((short) 3));
        assertThat(r.data().errorCode()).isZero();
        assertThat((System.nanoTime() - started) / 1_000_000).as("ms until ApiVersions was answered").isLessThan(1000);
        List<ILoggingEvent> unexpected = errors.list.stream().filter(e -> e.getLevel() == Level.ERROR).toList();
        assertThat(unexpected).as("errors logged by the broker").isEmpty();
    }

    private static void send(byte[] body) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", broker.port()), 1000);
            OutputStream out = s.getOutputStream();
            out.write(ByteBuffer.allocate(4).putInt(body.length).array());
            out.write(body);
            out.flush();
        } catch (IOException closedByTheBroker) {
            // a refused frame may close the connection while it is being written
        }
    }
}

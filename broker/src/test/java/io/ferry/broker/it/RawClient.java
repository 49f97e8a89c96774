package io.ferry.broker.it;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;

import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * Speaks the wire protocol over a plain socket with kafka-clients' own request and response classes, for tests that
 * must control exactly what is sent (retried batches, unknown versions, broken frames).
 */
public final class RawClient implements AutoCloseable {

    private final Socket socket;
    private final DataOutputStream out;
    private final DataInputStream in;
    private int correlationId;

    public RawClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        out = new DataOutputStream(socket.getOutputStream());
        in = new DataInputStream(socket.getInputStream());
    }

    public AbstractResponse send(AbstractRequest request) throws IOException {
        RequestHeader header = new RequestHeader(request.apiKey(), request.version(), "raw-test", ++correlationId);
        ByteBuffer bytes = request.serializeWithHeader(header);
        writeFrame(bytes);
        return AbstractResponse.parseResponse(readFrame(), header);
    }

    public void writeFrame(ByteBuffer payload) throws IOException {
        out.writeInt(payload.remaining());
        out.write(payload.array(), payload.arrayOffset() + payload.position(), payload.remaining());
        out.flush();
    }

    /** How long a read waits before it fails with a SocketTimeoutException. */
    public void readTimeout(int ms) throws IOException {
        socket.setSoTimeout(ms);
    }

    public void writeRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    public ByteBuffer readFrame() throws IOException {
        int size = in.readInt();
        byte[] body = new byte[size];
        in.readFully(body);
        return ByteBuffer.wrap(body);
    }

    /**
     * True when the broker closed the connection (a read sees end of stream or a reset); false when it is still open
     * after the socket timeout (10 s) or sent something.
     */
    public boolean isClosedByPeer() {
        try {
            return in.read() == -1;
        } catch (java.net.SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

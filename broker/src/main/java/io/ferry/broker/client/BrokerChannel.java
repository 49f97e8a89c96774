package io.ferry.broker.client;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;

import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * A blocking connection from this broker to another, speaking the Kafka protocol with kafka-clients' own request
 * and response classes. One request at a time: a replica fetcher owns its channel, other callers serialise on it.
 * Connects lazily and again after a failure.
 */
public final class BrokerChannel implements AutoCloseable {

    private final String clientId;
    private final int socketTimeoutMs;
    private String host;
    private int port;
    private Socket socket;
    private DataOutputStream out;
    private DataInputStream in;
    private int correlationId;

    public BrokerChannel(String clientId, String host, int port, int socketTimeoutMs) {
        this.clientId = clientId;
        this.host = host;
        this.port = port;
        this.socketTimeoutMs = socketTimeoutMs;
    }

    /** Points the channel at a new address (the broker re-registered elsewhere); reconnects on next use. */
    public synchronized void retarget(String newHost, int newPort) {
        if (!newHost.equals(host) || newPort != port) {
            host = newHost;
            port = newPort;
            disconnect();
        }
    }

    public synchronized String address() {
        return host + ":" + port;
    }

    /** Sends a request and waits for its response; on any I/O failure the connection is dropped. */
    public AbstractResponse send(AbstractRequest request) throws IOException {
        try {
            ensureConnected();
            RequestHeader header = new RequestHeader(request.apiKey(), request.version(), clientId, ++correlationId);
            ByteBuffer bytes = request.serializeWithHeader(header);
            out.writeInt(bytes.remaining());
            out.write(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
            out.flush();
            int size = in.readInt();
            if (size < 0) {
                throw new IOException("Negative response size " + size + " from " + address());
            }
            byte[] body = new byte[size];
            in.readFully(body);
            return AbstractResponse.parseResponse(ByteBuffer.wrap(body), header);
        } catch (IOException | RuntimeException e) {
            disconnect();
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
    }

    private synchronized void ensureConnected() throws IOException {
        if (socket != null) {
            return;
        }
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.setSoTimeout(socketTimeoutMs);
            s.connect(new InetSocketAddress(host, port), socketTimeoutMs);
        } catch (IOException e) {
            s.close();
            throw e;
        }
        socket = s;
        out = new DataOutputStream(new java.io.BufferedOutputStream(s.getOutputStream(), 64 * 1024));
        in = new DataInputStream(new java.io.BufferedInputStream(s.getInputStream(), 64 * 1024));
    }

    private synchronized void disconnect() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            socket = null;
        }
    }

    @Override
    public void close() {
        disconnect();
    }
}

package io.ferry.broker.client;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
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
    private final ChannelSecurity security;
    private String host;
    private int port;
    private Socket socket;
    private DataOutputStream out;
    private DataInputStream in;
    private int correlationId;
    /** When the SASL session granted by the other broker ends (System.nanoTime()); 0 when it does not. */
    private long sessionEndsAtNanos;

    public BrokerChannel(String clientId, String host, int port, int socketTimeoutMs) {
        this(clientId, host, port, socketTimeoutMs, ChannelSecurity.PLAINTEXT);
    }

    public BrokerChannel(String clientId, String host, int port, int socketTimeoutMs, ChannelSecurity security) {
        this.clientId = clientId;
        this.host = host;
        this.port = port;
        this.socketTimeoutMs = socketTimeoutMs;
        this.security = security;
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
            return exchange(request);
        } catch (IOException | RuntimeException e) {
            disconnect();
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
    }

    private AbstractResponse exchange(AbstractRequest request) throws IOException {
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
    }

    /**
     * Connects (with TLS and SASL as the inter-broker listener requires) unless connected; a connection whose SASL
     * session is about to end is replaced (a fresh login instead of KIP-368 re-authentication).
     */
    private synchronized void ensureConnected() throws IOException {
        if (socket != null && sessionEndsAtNanos != 0 && System.nanoTime() - sessionEndsAtNanos >= 0) {
            disconnect();
        }
        if (socket != null) {
            return;
        }
        Socket s = security.connect(host, port, socketTimeoutMs);
        socket = s;
        out = new DataOutputStream(new java.io.BufferedOutputStream(s.getOutputStream(), 64 * 1024));
        in = new DataInputStream(new java.io.BufferedInputStream(s.getInputStream(), 64 * 1024));
        sessionEndsAtNanos = 0;
        if (security.sasl() != null) {
            long lifetimeMs = SaslClientHandshake.authenticate(security.sasl(), host, this::exchange);
            if (lifetimeMs > 0) {
                // Reconnect at 90% of the granted lifetime, before the broker would close the connection.
                sessionEndsAtNanos = System.nanoTime() + lifetimeMs * 900_000L;
            }
        }
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

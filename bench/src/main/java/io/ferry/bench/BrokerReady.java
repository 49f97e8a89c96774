package io.ferry.bench;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Start-up probe: waits until a broker on HOST:PORT answers the Kafka protocol and is ready to serve,
 * i.e. it answers ApiVersions and then a Metadata request that lists at least one broker.
 *
 * <p>The harness starts this probe first, waits for its {@code PROBING} line (so the probe's own JVM
 * start-up is not counted), notes the time, launches the broker, and reads the {@code READY
 * <epoch-nanos>} line this probe prints as soon as the broker is ready. Start-up time is the
 * difference. The probe polls every 10 ms and speaks the wire protocol directly (no client library),
 * so it adds no client warm-up to the figure.
 *
 * <p>Usage: {@code BrokerReady HOST PORT TIMEOUT_MS}. Exit 0 = ready, 1 = timed out.
 */
public final class BrokerReady {
    private static final short API_VERSIONS = 18;
    private static final short METADATA = 3;
    private static final int POLL_MS = 10;

    private int correlationId = 0;

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: BrokerReady HOST PORT TIMEOUT_MS");
            System.exit(2);
        }
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        long deadline = System.nanoTime() + Long.parseLong(args[2]) * 1_000_000L;
        BrokerReady probe = new BrokerReady();
        System.out.println("PROBING " + host + ":" + port);
        System.out.flush();
        String last = "no attempt";
        while (System.nanoTime() < deadline) {
            try {
                String detail = probe.probeOnce(host, port);
                if (detail == null) {
                    Instant now = Instant.now();
                    System.out.println("READY " + (now.getEpochSecond() * 1_000_000_000L + now.getNano()));
                    return;
                }
                last = detail;
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(POLL_MS);
        }
        System.out.println("TIMEOUT last=" + last);
        System.exit(1);
    }

    /** One attempt: returns null when ready, else a short reason. */
    private String probeOnce(String host, int port) throws IOException {
        try (Socket s = new Socket()) {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), 1000);
            s.setSoTimeout(2000);
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            DataInputStream in = new DataInputStream(s.getInputStream());

            // ApiVersions v0: every Kafka broker answers it, whatever versions it supports.
            send(out, API_VERSIONS, (short) 0, false, new byte[0]);
            ByteBuffer r = receive(in);
            short error = r.getShort();
            if (error != 0) {
                return "ApiVersions error " + error;
            }
            int minMeta = -1, maxMeta = -1;
            for (int i = 0, n = r.getInt(); i < n; i++) {
                short key = r.getShort();
                short min = r.getShort();
                short max = r.getShort();
                if (key == METADATA) {
                    minMeta = min;
                    maxMeta = max;
                }
            }
            if (maxMeta < 0) {
                return "Metadata not supported yet";
            }
            // Metadata for no topics: any version in 4..12 will do; prefer the newest.
            short v = (short) Math.min(maxMeta, 12);
            if (v < Math.max(minMeta, 4)) {
                return "no usable Metadata version in " + minMeta + ".." + maxMeta;
            }
            boolean flexible = v >= 9;
            send(out, METADATA, v, flexible, metadataBody(v, flexible));
            r = receive(in);
            if (flexible) {
                skipTaggedFields(r); // response header v1
            }
            r.getInt(); // throttle_time_ms (v3+)
            int brokers = flexible ? readUnsignedVarint(r) - 1 : r.getInt();
            return brokers >= 1 ? null : "Metadata lists no broker";
        }
    }

    private static byte[] metadataBody(short v, boolean flexible) {
        ByteBuffer b = ByteBuffer.allocate(16);
        if (flexible) {
            b.put((byte) 1); // topics: compact array of length 0 (= no topics)
        } else {
            b.putInt(0); // topics: array of length 0
        }
        b.put((byte) 0); // allow_auto_topic_creation (v4+)
        if (v >= 8 && v <= 10) {
            b.put((byte) 0); // include_cluster_authorized_operations
        }
        if (v >= 8) {
            b.put((byte) 0); // include_topic_authorized_operations
        }
        if (flexible) {
            b.put((byte) 0); // tagged fields
        }
        byte[] out = new byte[b.position()];
        b.flip().get(out);
        return out;
    }

    private void send(DataOutputStream out, short apiKey, short version, boolean flexible, byte[] body)
            throws IOException {
        byte[] clientId = "ferry-bench-probe".getBytes(StandardCharsets.UTF_8);
        int headerSize = 2 + 2 + 4 + 2 + clientId.length + (flexible ? 1 : 0);
        out.writeInt(headerSize + body.length);
        out.writeShort(apiKey);
        out.writeShort(version);
        out.writeInt(++correlationId);
        out.writeShort(clientId.length); // client_id is a (non-compact) nullable string in v1 and v2 headers
        out.write(clientId);
        if (flexible) {
            out.writeByte(0); // request header v2: tagged fields
        }
        out.write(body);
        out.flush();
    }

    private ByteBuffer receive(DataInputStream in) throws IOException {
        int size = in.readInt();
        if (size < 4 || size > 64 * 1024 * 1024) {
            throw new IOException("bad response size " + size);
        }
        byte[] buf = new byte[size];
        in.readFully(buf);
        ByteBuffer r = ByteBuffer.wrap(buf);
        int cid = r.getInt();
        if (cid != correlationId) {
            throw new IOException("correlation id " + cid + " != " + correlationId);
        }
        return r;
    }

    private static void skipTaggedFields(ByteBuffer r) {
        for (int i = 0, n = readUnsignedVarint(r); i < n; i++) {
            readUnsignedVarint(r); // tag
            int len = readUnsignedVarint(r);
            r.position(r.position() + len);
        }
    }

    private static int readUnsignedVarint(ByteBuffer r) {
        int value = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = r.get();
            value |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
    }
}

package io.ferry.connect.nifi.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TCP relay in front of a site that, once, changes the first byte {@code from} it sees going to
 * the site into {@code to}: a flipped bit on the wire, which the Site-to-Site checksum must catch.
 */
public final class CorruptingRelay implements AutoCloseable {

    private final ServerSocket server;
    private final int target;
    private final byte from;
    private final byte to;
    private final AtomicBoolean corrupted = new AtomicBoolean();

    public CorruptingRelay(int target, byte from, byte to) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.target = target;
        this.from = from;
        this.to = to;
        Thread acceptor = new Thread(this::accept, "corrupting-relay");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Whether the byte was changed already. */
    public boolean corrupted() {
        return corrupted.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket site = new Socket(InetAddress.getLoopbackAddress(), target);
                pump(client.getInputStream(), site.getOutputStream(), true, client, site);
                pump(site.getInputStream(), client.getOutputStream(), false, client, site);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(InputStream in, OutputStream out, boolean towardsSite, Socket a, Socket b) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    if (towardsSite && !corrupted.get()) {
                        for (int i = 0; i < n; i++) {
                            if (buffer[i] == from && corrupted.compareAndSet(false, true)) {
                                buffer[i] = to;
                                break;
                            }
                        }
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException ignored) {
                // a side closed
            } finally {
                try {
                    a.close();
                    b.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }, "corrupting-relay-pump");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}

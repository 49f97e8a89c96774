package io.ferry.broker.network;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import javax.net.ssl.SSLEngine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.ferry.broker.config.Listener;
import io.ferry.broker.util.RepeatedLog;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;

/**
 * Accepts Kafka clients on every configured listener. Each connection is served by one of
 * {@code num.network.threads} event loops, which also handles its requests: appends go to the page cache, reads are
 * file slices, and anything that waits (long polls, group joins) completes a future later, so no handler blocks.
 * Handling on the event loop saves two thread hand-offs per request, which matters most on small machines.
 */
public final class NetworkServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NetworkServer.class);

    /**
     * Sizes and limits of the server: {@code max.connections}, {@code max.connections.per.ip} with its overrides by
     * address, and {@code queued.max.request.bytes} (-1: no bound).
     */
    public record Settings(int networkThreads, int maxRequestBytes, long connectionsMaxIdleMs, int maxConnections,
                           int maxConnectionsPerIp, Map<InetAddress, Integer> maxConnectionsPerIpOverrides,
                           long queuedMaxRequestBytes) {

        /** No bounds beyond the frame size. */
        public Settings(int networkThreads, int maxRequestBytes, long connectionsMaxIdleMs) {
            this(networkThreads, maxRequestBytes, connectionsMaxIdleMs, Integer.MAX_VALUE, Integer.MAX_VALUE, Map.of(),
                    -1);
        }
    }

    private final Settings settings;
    private final ConnectionLimits limits;
    private final RequestBytesBudget budget;
    private final RequestDispatcher dispatcher;
    private final EventLoopGroup acceptors;
    private final EventLoopGroup workers;
    private final List<Channel> serverChannels = new ArrayList<>();
    private final Map<String, InetSocketAddress> bound = new LinkedHashMap<>();
    /** Errors clients cause, logged once per client and kind per {@link #CLIENT_ERROR_INTERVAL_MS}. */
    private final RepeatedLog clientErrors = new RepeatedLog(LoggerFactory.getLogger(ConnectionHandler.class),
            CLIENT_ERROR_INTERVAL_MS, 1_000, System::currentTimeMillis);

    /** How often a client's repeated errors are summed up in one line. */
    public static final long CLIENT_ERROR_INTERVAL_MS = 10_000;

    public NetworkServer(Settings settings, RequestDispatcher dispatcher) {
        this.settings = settings;
        this.limits = new ConnectionLimits(new ConnectionLimits.Settings(settings.maxConnections(),
                settings.maxConnectionsPerIp(), Map.copyOf(settings.maxConnectionsPerIpOverrides())));
        this.budget = new RequestBytesBudget(settings.queuedMaxRequestBytes());
        this.dispatcher = dispatcher;
        this.acceptors = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        this.workers = new MultiThreadIoEventLoopGroup(settings.networkThreads(), NioIoHandler.newFactory());
        acceptors.scheduleWithFixedDelay(clientErrors::flush, CLIENT_ERROR_INTERVAL_MS, CLIENT_ERROR_INTERVAL_MS,
                TimeUnit.MILLISECONDS);
    }

    /** Binds every listener; returns the bound address of each, by listener name (port 0 resolved). */
    public Map<String, InetSocketAddress> start(List<Listener> listeners) throws InterruptedException {
        return start(listeners, name -> ListenerSecurity.PLAINTEXT);
    }

    /** Binds every listener, each secured as {@code security} says for its name. */
    public Map<String, InetSocketAddress> start(List<Listener> listeners, Function<String, ListenerSecurity> security)
            throws InterruptedException {
        for (Listener listener : listeners) {
            ListenerSecurity secured = security.apply(listener.name());
            ServerBootstrap b = new ServerBootstrap()
                    .group(acceptors, workers)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.SO_KEEPALIVE, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            if (!admitted(ch)) {
                                return;
                            }
                            SSLEngine engine = secured.newSslEngine(ch.remoteAddress());
                            if (engine != null) {
                                ch.pipeline().addLast("tls", new SslHandler(engine));
                            }
                            ConnectionHandler requests = new ConnectionHandler(dispatcher, listener.name(), secured,
                                    clientErrors, budget);
                            ch.pipeline()
                                    .addLast("idle", new IdleStateHandler(0, 0,
                                            settings.connectionsMaxIdleMs(), TimeUnit.MILLISECONDS))
                                    .addLast("frames", new RequestFrameDecoder(settings.maxRequestBytes(),
                                            requests::frameLimit))
                                    .addLast("requests", requests);
                        }
                    });
            InetSocketAddress address = listener.host().isEmpty()
                    ? new InetSocketAddress(listener.port())
                    : new InetSocketAddress(listener.host(), listener.port());
            Channel ch = b.bind(address).sync().channel();
            serverChannels.add(ch);
            InetSocketAddress actual = (InetSocketAddress) ch.localAddress();
            bound.put(listener.name(), actual);
            LOG.info("Listening for Kafka clients on {} ({}, {})", actual, listener.name(), secured.protocol());
        }
        limits.acceptors(serverChannels);
        return Map.copyOf(bound);
    }

    /** Counts an accepted connection against the connection limits, or closes it at once. */
    private boolean admitted(SocketChannel ch) {
        InetAddress address = ch.remoteAddress().getAddress();
        ConnectionLimits.Refusal refusal = limits.opened(address);
        if (refusal != null) {
            clientErrors.log(org.slf4j.event.Level.INFO, address.getHostAddress(), refusal.kind(),
                    "Rejected connection from " + address.getHostAddress() + ": " + refusal.reason());
            ch.close();
            return false;
        }
        ch.closeFuture().addListener(f -> limits.closed(address));
        return true;
    }

    public Map<String, InetSocketAddress> boundAddresses() {
        return Map.copyOf(bound);
    }

    @Override
    public void close() {
        for (Channel ch : serverChannels) {
            ch.close().syncUninterruptibly();
        }
        acceptors.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        acceptors.terminationFuture().syncUninterruptibly();
        workers.terminationFuture().syncUninterruptibly();
    }
}

package io.ferry.broker.network;

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

    /** Sizes and limits of the server. */
    public record Settings(int networkThreads, int maxRequestBytes, long connectionsMaxIdleMs) {
    }

    private final Settings settings;
    private final RequestDispatcher dispatcher;
    private final EventLoopGroup acceptors;
    private final EventLoopGroup workers;
    private final List<Channel> serverChannels = new ArrayList<>();
    private final Map<String, InetSocketAddress> bound = new LinkedHashMap<>();

    public NetworkServer(Settings settings, RequestDispatcher dispatcher) {
        this.settings = settings;
        this.dispatcher = dispatcher;
        this.acceptors = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        this.workers = new MultiThreadIoEventLoopGroup(settings.networkThreads(), NioIoHandler.newFactory());
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
                            SSLEngine engine = secured.newSslEngine(ch.remoteAddress());
                            if (engine != null) {
                                ch.pipeline().addLast("tls", new SslHandler(engine));
                            }
                            ConnectionHandler requests = new ConnectionHandler(dispatcher, listener.name(), secured);
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
        return Map.copyOf(bound);
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

package io.ferry.broker.network;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.UnknownServerException;
import org.apache.kafka.common.network.Send;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.ResponseHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLSession;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;

/**
 * One client connection: parses each frame into a request, dispatches it, and writes the responses strictly in the
 * order the requests arrived (a client may pipeline). Runs on the connection's event loop, so every method here
 * executes on one thread per connection.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionHandler.class);
    private static final int MAX_PENDING = 64;

    private final RequestDispatcher dispatcher;
    private final String listenerName;
    private final ListenerSecurity security;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private String connectionId = "?";
    private Session session;
    /** The SASL state of the connection; null on a listener without SASL. */
    private Authenticator authenticator;
    private boolean tls;

    ConnectionHandler(RequestDispatcher dispatcher, String listenerName, ListenerSecurity security) {
        this.dispatcher = dispatcher;
        this.listenerName = listenerName;
        this.security = security;
    }

    /** A request waiting for its response; responses leave in arrival order. */
    private static final class Pending {
        final RequestHeader header;
        final AbstractRequest request;
        boolean done;
        AbstractResponse response;
        Throwable error;

        Pending(RequestHeader header, AbstractRequest request) {
            this.header = header;
            this.request = request;
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        connectionId = ctx.channel().localAddress() + "-" + ctx.channel().remoteAddress() + "-" + ctx.channel().id();
        InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
        session = new Session(listenerName, security.protocol(), remote.getAddress());
        tls = ctx.pipeline().get(SslHandler.class) != null;
        LOG.debug("Connection {} opened", connectionId);
        if (!tls) {
            transportReady(null);
        }
        super.channelActive(ctx);
    }

    /** TLS is established (or not used): the transport's principal, and the SASL state if the listener needs it. */
    private void transportReady(SSLSession ssl) {
        session.authenticated(security.transportPrincipal(session, ssl));
        authenticator = security.newAuthenticator(session, ssl);
        if (ssl != null) {
            LOG.debug("Connection {}: TLS {} as {}", connectionId, ssl.getProtocol(), session.principal());
        }
    }

    /** The largest frame the connection accepts now (the frame decoder asks before buffering one). */
    int frameLimit() {
        return authenticator == null ? Integer.MAX_VALUE : authenticator.maxFrameBytes();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        ByteBuffer buffer;
        try {
            buffer = ByteBuffer.allocate(frame.readableBytes());
            frame.readBytes(buffer);
            buffer.flip();
        } finally {
            frame.release();
        }
        RequestHeader header;
        try {
            header = RequestHeader.parse(buffer);
        } catch (RuntimeException e) {
            closeBadClient(ctx, "malformed request header (" + e.getMessage() + ")");
            return;
        }
        ApiKeys api = header.apiKey();
        short version = header.apiVersion();
        long now = System.currentTimeMillis();
        Authenticator.Gate gate = authenticator == null ? Authenticator.Gate.DISPATCH : authenticator.admit(api, now);
        if (gate == Authenticator.Gate.REFUSE) {
            closeBadClient(ctx, authenticator.refusal() + " (client " + header.clientId() + ")");
            return;
        }
        if (!dispatcher.isSupported(api, version)) {
            if (api == ApiKeys.API_VERSIONS) {
                writeUnsupportedApiVersions(ctx, header);
            } else {
                closeBadClient(ctx, api + " version " + version + " is not supported (client " + header.clientId() + ")");
            }
            return;
        }
        AbstractRequest request;
        try {
            request = AbstractRequest.parseRequest(api, version, new ByteBufferAccessor(buffer)).request;
        } catch (RuntimeException e) {
            closeBadClient(ctx, "malformed " + api + " v" + version + " request (" + e.getMessage() + ")");
            return;
        }
        RequestContext context = new RequestContext(header, connectionId, session);
        Pending p = new Pending(header, request);
        pending.add(p);
        if (pending.size() >= MAX_PENDING) {
            ctx.channel().config().setAutoRead(false);
        }
        CompletableFuture<AbstractResponse> future;
        try {
            future = gate == Authenticator.Gate.AUTHENTICATE
                    ? CompletableFuture.completedFuture(authenticator.authenticate(context, request, now))
                    : dispatcher.dispatch(context, request);
        } catch (RuntimeException e) {
            future = CompletableFuture.failedFuture(e);
        }
        if (future.isDone()) {
            complete(ctx, p, future);
        } else {
            CompletableFuture<AbstractResponse> f = future;
            future.whenComplete((r, t) -> {
                try {
                    ctx.executor().execute(() -> complete(ctx, p, f));
                } catch (RejectedExecutionException shuttingDown) {
                    // The broker is stopping: the connection is closing and the answer has nowhere to go.
                }
            });
        }
    }

    private void complete(ChannelHandlerContext ctx, Pending p, CompletableFuture<AbstractResponse> future) {
        try {
            p.response = future.join();
        } catch (RuntimeException e) {
            p.error = e.getCause() != null ? e.getCause() : e;
        }
        p.done = true;
        boolean wrote = false;
        while (!pending.isEmpty() && pending.peek().done) {
            Pending head = pending.poll();
            AbstractResponse response = head.response;
            if (head.error != null) {
                logFailure(head);
                response = head.request.getErrorResponse(head.error);
            }
            if (response != null) {
                Send send = serialize(head, response);
                if (send == null) {
                    ctx.flush();
                    ctx.close();
                    return;
                }
                ctx.write(tls ? SendBytes.copy(send, ctx.alloc()) : new SendRegion(send));
                wrote = true;
            }
        }
        if (authenticator != null && authenticator.mustClose()) {
            // A failed authentication: its answer goes out, then the connection closes.
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        if (wrote) {
            ctx.flush();
        }
        if (pending.size() < MAX_PENDING / 2 && !ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    /** A Kafka error (not leader, coordinator busy...) is the client's answer, not a broker fault. */
    private void logFailure(Pending p) {
        if (p.error instanceof ApiException && !(p.error instanceof UnknownServerException)) {
            LOG.debug("{} from {} on {} failed: {}", p.header.apiKey(), p.header.clientId(), connectionId,
                    p.error.toString());
        } else {
            LOG.error("Unexpected error handling {} from {} on {}", p.header.apiKey(), p.header.clientId(),
                    connectionId, p.error);
        }
    }

    /**
     * The response in the request's version. A response that version cannot carry is a broker bug: it is logged and
     * the client gets the request's error response (UNKNOWN_SERVER_ERROR) instead of a dropped connection; null only
     * when even that cannot be written.
     */
    private Send serialize(Pending p, AbstractResponse response) {
        ResponseHeader rh = p.header.toResponseHeader();
        short version = p.header.apiVersion();
        try {
            return response.toSend(rh, version);
        } catch (RuntimeException e) {
            LOG.error("Cannot write {} v{} response for {} on {}, answering UNKNOWN_SERVER_ERROR: {}",
                    p.header.apiKey(), version, p.header.clientId(), connectionId, e.toString());
        }
        try {
            return p.request.getErrorResponse(Errors.UNKNOWN_SERVER_ERROR.exception()).toSend(rh, version);
        } catch (RuntimeException e) {
            LOG.error("Closing connection {}: cannot write an error response to {} v{} either: {}", connectionId,
                    p.header.apiKey(), version, e.toString());
            return null;
        }
    }

    private void writeUnsupportedApiVersions(ChannelHandlerContext ctx, RequestHeader header) {
        AbstractResponse response = dispatcher.unsupportedApiVersionsResponse();
        ResponseHeader rh = new ResponseHeader(header.correlationId(), (short) 0);
        Send send = response.toSend(rh, (short) 0);
        ctx.writeAndFlush(tls ? SendBytes.copy(send, ctx.alloc()) : new SendRegion(send));
    }

    private void closeBadClient(ChannelHandlerContext ctx, String why) {
        LOG.warn("Closing connection {}: {}", connectionId, why);
        ctx.close();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            LOG.debug("Closing idle connection {}", connectionId);
            ctx.close();
        } else if (evt instanceof SslHandshakeCompletionEvent done) {
            if (done.isSuccess()) {
                transportReady(ctx.pipeline().get(SslHandler.class).engine().getSession());
            } else {
                LOG.info("Closing connection {}: TLS handshake failed ({})", connectionId, rootMessage(done.cause()));
                ctx.close();
            }
        } else {
            super.userEventTriggered(ctx, evt);
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof DecoderException && cause.getCause() instanceof javax.net.ssl.SSLException) {
            // Also reported as a failed handshake event, logged there.
            LOG.debug("Closing connection {}: TLS failed ({})", connectionId, rootMessage(cause));
            ctx.close();
        } else if (cause instanceof TooLongFrameException) {
            String why = cause.getMessage();
            closeBadClient(ctx, "request frame too large: " + why
                    + (why != null && why.contains("sasl.server.max.receive.size") ? "" : "; see socket.request.max.bytes"));
        } else if (cause instanceof DecoderException) {
            closeBadClient(ctx, "malformed frame (" + cause.getMessage() + ")");
        } else if (cause instanceof java.io.IOException) {
            LOG.debug("Connection {} failed: {}", connectionId, cause.toString());
            ctx.close();
        } else {
            LOG.error("Unexpected error on connection {}", connectionId, cause);
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        LOG.debug("Connection {} closed", connectionId);
        pending.clear();
        super.channelInactive(ctx);
    }
}

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
import org.slf4j.event.Level;

import javax.net.ssl.SSLSession;

import io.ferry.broker.util.RepeatedLog;
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
final class ConnectionHandler extends ChannelInboundHandlerAdapter implements RequestBytesBudget.Reader {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionHandler.class);
    private static final int MAX_PENDING = 64;

    private final RequestDispatcher dispatcher;
    /** Errors a client can repeat at will: logged once per client and kind per interval, with a count. */
    private final RepeatedLog clientErrors;
    /** queued.max.request.bytes over all connections. */
    private final RequestBytesBudget budget;
    private ChannelHandlerContext context;
    /** Reading stops while {@link #MAX_PENDING} requests wait, or while the request bytes budget is spent. */
    private boolean pendingFull;
    private boolean budgetPaused;
    private final String listenerName;
    private final ListenerSecurity security;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private String connectionId = "?";
    /** The client's address, naming it in {@link #clientErrors}. */
    private String client = "?";
    private Session session;
    /** The SASL state of the connection; null on a listener without SASL. */
    private Authenticator authenticator;
    private boolean tls;

    ConnectionHandler(RequestDispatcher dispatcher, String listenerName, ListenerSecurity security,
                      RepeatedLog clientErrors, RequestBytesBudget budget) {
        this.dispatcher = dispatcher;
        this.budget = budget;
        this.clientErrors = clientErrors;
        this.listenerName = listenerName;
        this.security = security;
    }

    /** A request waiting for its response; responses leave in arrival order. */
    private static final class Pending {
        final RequestHeader header;
        final AbstractRequest request;
        /** The request's size, held against queued.max.request.bytes until it is answered. */
        final int bytes;
        boolean done;
        AbstractResponse response;
        Throwable error;

        Pending(RequestHeader header, AbstractRequest request, int bytes) {
            this.header = header;
            this.request = request;
            this.bytes = bytes;
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        context = ctx;
        connectionId = ctx.channel().localAddress() + "-" + ctx.channel().remoteAddress() + "-" + ctx.channel().id();
        InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
        session = new Session(listenerName, security.protocol(), remote.getAddress());
        client = remote.getAddress().getHostAddress();
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
            closeBadClient(ctx, "malformed request header", "malformed request header (" + e.getMessage() + ")");
            return;
        }
        ApiKeys api = header.apiKey();
        short version = header.apiVersion();
        long now = System.currentTimeMillis();
        Authenticator.Gate gate = authenticator == null ? Authenticator.Gate.DISPATCH : authenticator.admit(api, now);
        if (gate == Authenticator.Gate.REFUSE) {
            closeBadClient(ctx, "refused before authentication",
                    authenticator.refusal() + " (client " + header.clientId() + ")");
            return;
        }
        if (!dispatcher.isSupported(api, version)) {
            if (api == ApiKeys.API_VERSIONS) {
                writeUnsupportedApiVersions(ctx, header);
            } else {
                closeBadClient(ctx, "unsupported version",
                        api + " version " + version + " is not supported (client " + header.clientId() + ")");
            }
            return;
        }
        AbstractRequest request;
        try {
            request = AbstractRequest.parseRequest(api, version, new ByteBufferAccessor(buffer)).request;
        } catch (RuntimeException e) {
            closeBadClient(ctx, "malformed request",
                    "malformed " + api + " v" + version + " request (" + e.getMessage() + ")");
            return;
        }
        RequestContext context = new RequestContext(header, connectionId, session);
        Pending p = new Pending(header, request, buffer.capacity());
        pending.add(p);
        if (pending.size() >= MAX_PENDING) {
            pendingFull = true;
            applyAutoRead();
        }
        budget.acquire(this, p.bytes);
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
            budget.release(head.bytes);
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
        if (pendingFull && pending.size() < MAX_PENDING / 2) {
            pendingFull = false;
            applyAutoRead();
        }
    }

    private void applyAutoRead() {
        context.channel().config().setAutoRead(!pendingFull && !budgetPaused);
    }

    @Override
    public void pauseReading() {
        onEventLoop(() -> {
            budgetPaused = true;
            applyAutoRead();
        });
    }

    @Override
    public void resumeReading() {
        onEventLoop(() -> {
            budgetPaused = false;
            applyAutoRead();
        });
    }

    private void onEventLoop(Runnable task) {
        if (context.executor().inEventLoop()) {
            task.run();
        } else {
            try {
                context.executor().execute(task);
            } catch (RejectedExecutionException shuttingDown) {
                // the connection is closing
            }
        }
    }

    /**
     * A Kafka error (not leader, coordinator busy...) is the client's answer, not a broker fault: DEBUG without a
     * stack trace. Anything else is a bug, logged with its stack trace, but once per client and API per interval.
     */
    private void logFailure(Pending p) {
        if (p.error instanceof ApiException && !(p.error instanceof UnknownServerException)) {
            clientErrors.log(Level.DEBUG, client, p.header.apiKey() + " " + p.error.getClass().getSimpleName(),
                    p.header.apiKey() + " from " + p.header.clientId() + " on " + connectionId + " failed: "
                            + p.error);
        } else {
            clientErrors.log(Level.ERROR, client, "unexpected error in " + p.header.apiKey(), "Unexpected error handling "
                    + p.header.apiKey() + " from " + p.header.clientId() + " on " + connectionId, p.error);
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
            clientErrors.log(Level.ERROR, client, "unwritable " + p.header.apiKey() + " v" + version + " response",
                    "Cannot write " + p.header.apiKey() + " v" + version + " response for " + p.header.clientId()
                            + " on " + connectionId + ", answering UNKNOWN_SERVER_ERROR: " + e);
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

    /** Closes the connection of a client that broke the protocol; {@code kind} groups repeats in the log. */
    private void closeBadClient(ChannelHandlerContext ctx, String kind, String why) {
        clientErrors.log(Level.WARN, client, kind, "Closing connection " + connectionId + ": " + why);
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
                clientErrors.log(Level.INFO, client, "TLS handshake failed", "Closing connection " + connectionId
                        + ": TLS handshake failed (" + rootMessage(done.cause()) + ")");
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
            closeBadClient(ctx, "frame too large", "request frame too large: " + why
                    + (why != null && why.contains("sasl.server.max.receive.size") ? "" : "; see socket.request.max.bytes"));
        } else if (cause instanceof DecoderException) {
            closeBadClient(ctx, "malformed frame", "malformed frame (" + cause.getMessage() + ")");
        } else if (cause instanceof java.io.IOException) {
            LOG.debug("Connection {} failed: {}", connectionId, cause.toString());
            ctx.close();
        } else {
            clientErrors.log(Level.ERROR, client, "unexpected connection error",
                    "Unexpected error on connection " + connectionId, cause);
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        LOG.debug("Connection {} closed", connectionId);
        pending.forEach(p -> budget.release(p.bytes));
        pending.clear();
        budget.forget(this);
        super.channelInactive(ctx);
    }
}

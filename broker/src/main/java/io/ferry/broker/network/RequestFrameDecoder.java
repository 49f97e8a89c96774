package io.ferry.broker.network;

import java.nio.ByteOrder;
import java.util.function.IntSupplier;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.TooLongFrameException;

/**
 * Kafka's size-prefixed request frames, at most {@code socket.request.max.bytes}, and at most what the connection's
 * authentication allows meanwhile ({@code sasl.server.max.receive.size} before a SASL login). The size is checked
 * from the 4-byte prefix, before any of the frame is buffered.
 */
final class RequestFrameDecoder extends LengthFieldBasedFrameDecoder {

    private final IntSupplier currentLimit;

    RequestFrameDecoder(int maxRequestBytes, IntSupplier currentLimit) {
        super(maxRequestBytes, 0, 4, 0, 4);
        this.currentLimit = currentLimit;
    }

    @Override
    protected long getUnadjustedFrameLength(ByteBuf buf, int offset, int length, ByteOrder order) {
        long frame = super.getUnadjustedFrameLength(buf, offset, length, order);
        int limit = currentLimit.getAsInt();
        if (frame > limit) {
            throw new TooLongFrameException("a request of " + frame + " bytes before authentication; the limit is "
                    + "sasl.server.max.receive.size=" + limit);
        }
        return frame;
    }
}

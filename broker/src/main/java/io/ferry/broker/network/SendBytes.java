package io.ferry.broker.network;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

import org.apache.kafka.common.network.Send;
import org.apache.kafka.common.network.TransferableChannel;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * A response copied into one buffer, for connections whose bytes must pass through TLS: Netty's SslHandler encrypts
 * buffers only, so the zero-copy {@link SendRegion} (file data straight to the socket) is for plaintext connections.
 */
final class SendBytes {

    private SendBytes() {
    }

    static ByteBuf copy(Send send, ByteBufAllocator alloc) {
        ByteBuf buf = alloc.buffer((int) send.size());
        Into into = new Into(buf);
        try {
            while (!send.completed()) {
                if (send.writeTo(into) == 0 && !send.completed()) {
                    throw new IllegalStateException("a response wrote nothing while incomplete");
                }
            }
        } catch (IOException e) {
            buf.release();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            buf.release();
            throw e;
        }
        return buf;
    }

    /** A channel appending to a buffer; file slices are read into it. */
    private record Into(ByteBuf buf) implements TransferableChannel {

        @Override
        public boolean hasPendingWrites() {
            return false;
        }

        @Override
        public long transferFrom(FileChannel fileChannel, long position, long count) throws IOException {
            return buf.writeBytes(fileChannel, position, (int) count);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) {
            long total = 0;
            for (int i = offset; i < offset + length; i++) {
                total += write(srcs[i]);
            }
            return total;
        }

        @Override
        public long write(ByteBuffer[] srcs) {
            return write(srcs, 0, srcs.length);
        }

        @Override
        public int write(ByteBuffer src) {
            int n = src.remaining();
            buf.writeBytes(src);
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
            // nothing to release: the buffer is handed to the pipeline
        }
    }
}

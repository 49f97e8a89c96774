package io.ferry.connect.nifi.s2s.server.site;

import io.ferry.connect.nifi.flowfile.FlowFile;
import io.ferry.connect.nifi.s2s.DataPacketWriter;
import io.ferry.connect.nifi.s2s.ResponseCode;
import io.ferry.connect.nifi.s2s.SiteToSiteHeaders;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Data out of an output port. {@code GET .../flow-files} takes a batch from one of the port's
 * sources and streams it (200 and no body when there is nothing); the batch stays taken until
 * {@code DELETE ?responseCode=12&checksum=} confirms it with the right CRC32. A wrong checksum, a
 * cancel, a failed stream or an expired transaction put the batch back.
 */
final class OutputPortTransfers {

    private static final Logger log = LoggerFactory.getLogger(OutputPortTransfers.class);

    private final Transactions transactions;
    private final Replies replies;

    OutputPortTransfers(Transactions transactions, Replies replies) {
        this.transactions = transactions;
        this.replies = replies;
    }

    void send(Ports.Port<OutboundSource> port, OutboundTransaction transaction, Request request, Response response, Callback callback) {
        if (!transaction.enter()) {
            replies.unknownTransaction(response, callback, transaction.id());
            return;
        }
        try {
            if (transaction.wasSent()) {
                replies.result(response, callback, 400, ResponseCode.ABORT, "FlowFiles were already sent in this transaction", null);
                return;
            }
            int maxCount = (int) Math.min(Integer.MAX_VALUE, headerLong(request, SiteToSiteHeaders.BATCH_COUNT));
            long maxBytes = headerLong(request, SiteToSiteHeaders.BATCH_SIZE);
            OutboundBatch batch = null;
            if (port != null) {
                for (OutboundSource source : port.inTurn()) {
                    batch = source.take(maxCount, maxBytes);
                    if (batch != null) {
                        break;
                    }
                }
            }
            transaction.sent(batch, 0);
            if (batch == null) {
                response.setStatus(200);
                replies.commonHeaders(response);
                response.write(true, ByteBuffer.allocate(0), callback);
                return;
            }
            boolean compressed = Boolean.parseBoolean(request.getHeaders().get(SiteToSiteHeaders.USE_COMPRESSION));
            response.setStatus(202);
            replies.commonHeaders(response);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
            OutputStream body = new BufferedOutputStream(Content.Sink.asOutputStream(response), 64 * 1024);
            DataPacketWriter writer = new DataPacketWriter(body, compressed);
            for (FlowFile flowFile : batch.flowFiles()) {
                writer.write(flowFile);
            }
            body.flush();
            transaction.sent(batch, writer.checksum());
            body.close();
            callback.succeeded();
            log.debug("Transaction {}: sent {} FlowFiles, CRC32 {}", transaction.id(), batch.flowFiles().size(), writer.checksum());
        } catch (IOException e) {
            transactions.abort(transaction);
            log.info("Transaction {} on output port: the receiver went away ({}); its FlowFiles will be sent again", transaction.id(), e.toString());
            callback.failed(e);
        } finally {
            transaction.exit();
        }
    }

    void commit(OutboundTransaction transaction, Integer code, String checksum, Response response, Callback callback) {
        ResponseCode requested = code == null ? null : ResponseCode.of(code);
        if (requested == ResponseCode.CANCEL_TRANSACTION) {
            transactions.abort(transaction);
            replies.result(response, callback, 200, ResponseCode.CANCEL_TRANSACTION, "Transaction has been canceled.", null);
            return;
        }
        if (requested != ResponseCode.CONFIRM_TRANSACTION) {
            replies.result(response, callback, 400, ResponseCode.ABORT, "responseCode " + code + " is invalid; use 12 or 15", null);
            return;
        }
        if (!transaction.wasSent()) {
            replies.result(response, callback, 400, ResponseCode.ABORT, "Nothing to confirm: no FlowFiles were requested yet", null);
            return;
        }
        if (!transaction.finish()) {
            replies.unknownTransaction(response, callback, transaction.id());
            return;
        }
        transactions.remove(transaction);
        OutboundBatch batch = transaction.takeBatch();
        if (batch == null) {
            replies.result(response, callback, 200, ResponseCode.CONFIRM_TRANSACTION, null, 0);
            return;
        }
        String expected = String.valueOf(transaction.checksum());
        if (!expected.equals(checksum == null ? "" : checksum.trim())) {
            batch.release();
            log.warn("Transaction {}: the client's checksum {} does not match {}; {} FlowFiles will be sent again",
                    transaction.id(), checksum, expected, batch.flowFiles().size());
            replies.result(response, callback, 400, ResponseCode.BAD_CHECKSUM,
                    "Checksum mismatch: client " + checksum + ", server " + expected + "; the FlowFiles will be sent again", null);
            return;
        }
        batch.confirm();
        replies.result(response, callback, 200, ResponseCode.CONFIRM_TRANSACTION, null, batch.flowFiles().size());
    }

    private static long headerLong(Request request, String name) {
        String value = request.getHeaders().get(name);
        if (value == null) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}

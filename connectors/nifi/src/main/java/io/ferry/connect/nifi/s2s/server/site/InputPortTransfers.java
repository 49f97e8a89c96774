package io.ferry.connect.nifi.s2s.server.site;

import io.ferry.connect.nifi.flowfile.AttributeLimit;
import io.ferry.connect.nifi.flowfile.FlowFile;
import io.ferry.connect.nifi.handoff.FullException;
import io.ferry.connect.nifi.handoff.HeldBytes;
import io.ferry.connect.nifi.handoff.InboundSink;
import io.ferry.connect.nifi.flowfile.FlowFileFormatException;
import io.ferry.connect.nifi.s2s.DataPacketReader;
import io.ferry.connect.nifi.s2s.ResponseCode;
import io.ferry.connect.nifi.s2s.SiteToSiteHeaders;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.QuietException;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Data into an input port. {@code POST .../flow-files} reads the packets into memory and answers
 * their CRC32; nothing leaves the transaction yet. {@code DELETE ?responseCode=12} (the client
 * found the CRC right) hands the FlowFiles to the port's sink and answers only once the sink
 * reports them stored; 19 (bad checksum) and 15 (cancel) drop them.
 */
final class InputPortTransfers {

    private static final Logger log = LoggerFactory.getLogger(InputPortTransfers.class);

    private final Transactions transactions;
    private final Replies replies;
    private final AttributeLimit attributeLimit;

    InputPortTransfers(Transactions transactions, Replies replies, AttributeLimit attributeLimit) {
        this.transactions = transactions;
        this.replies = replies;
        this.attributeLimit = attributeLimit;
    }

    void receive(Ports.Port<InboundSink> port, InboundTransaction transaction, Request request, Response response, Callback callback) {
        if (!transaction.enter()) {
            replies.unknownTransaction(response, callback, transaction.id());
            return;
        }
        // A sender that stops in the middle of its FlowFiles is cut off after the TTL, which frees what it holds.
        EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
        long idleTimeout = endPoint.getIdleTimeout();
        endPoint.setIdleTimeout(Math.min(idleTimeout, transactions.ttl().toMillis()));
        try {
            if (port == null || port.members().isEmpty()) {
                transactions.abort(transaction);
                replies.result(response, callback, 503, ResponseCode.PORT_NOT_IN_VALID_STATE, "The port stopped; transaction rolled back", null);
                return;
            }
            if (transaction.hasData()) {
                replies.result(response, callback, 400, ResponseCode.ABORT, "FlowFiles were already sent in this transaction", null);
                return;
            }
            long maxBytes = port.members().stream().mapToLong(InboundSink::maxTransactionBytes).min().orElse(Long.MAX_VALUE);
            boolean compressed = Boolean.parseBoolean(request.getHeaders().get(SiteToSiteHeaders.USE_COMPRESSION));
            List<FlowFile> flowFiles = new ArrayList<>();
            long checksum;
            try (InputStream body = new BufferedInputStream(Request.asInputStream(request), 64 * 1024)) {
                DataPacketReader reader = new DataPacketReader(body, compressed, maxBytes, attributeLimit);
                long bytes = 0;
                for (FlowFile flowFile = reader.next(); flowFile != null; flowFile = reader.next()) {
                    long size = HeldBytes.of(flowFile);
                    bytes += size;
                    if (bytes > maxBytes) {
                        throw new FlowFileFormatException("The transaction carries more than " + maxBytes
                                + " bytes of FlowFiles (nifi.transaction.max.bytes); send smaller batches");
                    }
                    if (!transaction.hold(size)) {
                        throw new FullException(transactions.held().fullMessage());
                    }
                    flowFiles.add(flowFile);
                }
                checksum = reader.checksum();
            }
            if (flowFiles.isEmpty()) {
                transactions.abort(transaction);
                replies.result(response, callback, 400, ResponseCode.ABORT,
                        "Client should send request when there is data to send. There was no flow file sent.", null);
                return;
            }
            transaction.received(flowFiles, checksum);
            log.debug("Transaction {}: received {} FlowFiles, CRC32 {}", transaction.id(), flowFiles.size(), checksum);
            replies.text(response, callback, 202, String.valueOf(checksum));
        } catch (FlowFileFormatException e) {
            transactions.abort(transaction);
            log.warn("Transaction {} on input port '{}' rolled back: {}", transaction.id(), port.identity().name(), e.getMessage());
            replies.result(response, callback, 400, ResponseCode.ABORT, e.getMessage(), null);
        } catch (FullException e) {
            transactions.abort(transaction);
            log.info("Transaction {} on input port '{}' rolled back: {}", transaction.id(), port.identity().name(), e.getMessage());
            replies.result(response, callback, 503, ResponseCode.PORTS_DESTINATION_FULL, e.getMessage(), null);
        } catch (IOException e) {
            transactions.abort(transaction);
            log.info("Transaction {} on input port '{}' rolled back: the sender went away while sending ({})",
                    transaction.id(), port.identity().name(), e.toString());
            callback.failed(new QuietException.Exception("The sender went away while sending: " + e.getMessage()));
        } finally {
            endPoint.setIdleTimeout(idleTimeout);
            transaction.exit();
        }
    }

    void commit(Ports.Port<InboundSink> port, InboundTransaction transaction, Integer code, Response response, Callback callback) {
        ResponseCode requested = code == null ? null : ResponseCode.of(code);
        if (requested == ResponseCode.CANCEL_TRANSACTION || requested == ResponseCode.BAD_CHECKSUM) {
            transactions.abort(transaction);
            String why = requested == ResponseCode.BAD_CHECKSUM
                    ? "The client reported a checksum mismatch; transaction rolled back"
                    : "Transaction has been canceled.";
            log.info("Transaction {}: {}", transaction.id(), why);
            replies.result(response, callback, 200, ResponseCode.CANCEL_TRANSACTION, why, null);
            return;
        }
        if (requested != ResponseCode.CONFIRM_TRANSACTION) {
            replies.result(response, callback, 400, ResponseCode.ABORT, "responseCode " + code + " is invalid; use 12, 15 or 19", null);
            return;
        }
        if (!transaction.hasData()) {
            replies.result(response, callback, 400, ResponseCode.ABORT, "Nothing to confirm: no FlowFiles were sent in this transaction", null);
            return;
        }
        if (!transaction.finish()) {
            replies.unknownTransaction(response, callback, transaction.id());
            return;
        }
        transactions.remove(transaction);
        List<FlowFile> flowFiles = transaction.flowFiles();
        InboundSink sink = port == null ? null : port.inTurn().stream().findFirst().orElse(null);
        if (sink == null) {
            transaction.release();
            replies.result(response, callback, 503, ResponseCode.PORT_NOT_IN_VALID_STATE, "The port stopped; transaction rolled back", null);
            return;
        }
        CompletableFuture<Void> stored;
        try {
            stored = sink.deliver(flowFiles);
        } catch (RuntimeException e) {
            stored = CompletableFuture.failedFuture(e);
        }
        stored.whenComplete((ignored, failure) -> {
            transaction.release();
            if (failure == null) {
                ResponseCode finished = sink.isFull() ? ResponseCode.TRANSACTION_FINISHED_BUT_DESTINATION_FULL : ResponseCode.TRANSACTION_FINISHED;
                replies.result(response, callback, 200, finished, null, flowFiles.size());
            } else {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                log.warn("Transaction {} on input port '{}' ({} FlowFiles) not committed: {}", transaction.id(),
                        port.identity().name(), flowFiles.size(), cause.getMessage());
                replies.result(response, callback, 503, ResponseCode.ABORT, cause.getMessage(), null);
            }
        });
    }
}

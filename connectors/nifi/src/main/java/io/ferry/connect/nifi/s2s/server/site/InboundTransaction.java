package io.ferry.connect.nifi.s2s.server.site;

import io.ferry.connect.nifi.flowfile.FlowFile;
import io.ferry.connect.nifi.handoff.HeldBytes;
import java.util.List;

/**
 * A transaction into an input port: FlowFiles received and their checksum, kept until the client
 * confirms, and the bytes they hold of the site's budget until they are stored or dropped.
 */
final class InboundTransaction extends Transaction {

    private final HeldBytes budget;
    private List<FlowFile> received;
    private long checksum;
    private long held;

    InboundTransaction(String id, String portId, HeldBytes budget) {
        super(id, portId);
        this.budget = budget;
    }

    /** Reserves {@code bytes} of the site's budget for this transaction; false if the site is full. */
    synchronized boolean hold(long bytes) {
        if (!budget.tryReserve(bytes)) {
            return false;
        }
        held += bytes;
        return true;
    }

    /** Gives back what this transaction holds (its FlowFiles were stored or dropped). */
    synchronized void release() {
        budget.release(held);
        held = 0;
    }

    @Override
    boolean input() {
        return true;
    }

    synchronized boolean hasData() {
        return received != null;
    }

    synchronized void received(List<FlowFile> flowFiles, long crc) {
        this.received = flowFiles;
        this.checksum = crc;
    }

    synchronized List<FlowFile> flowFiles() {
        return received;
    }

    synchronized long checksum() {
        return checksum;
    }

    @Override
    synchronized void discard() {
        received = null;
        release();
    }

    @Override
    synchronized String describe() {
        return received == null ? "no FlowFiles" : received.size() + " unconfirmed FlowFiles, dropped";
    }
}

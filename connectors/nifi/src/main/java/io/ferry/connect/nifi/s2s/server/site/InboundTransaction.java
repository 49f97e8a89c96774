package io.ferry.connect.nifi.s2s.server.site;

import io.ferry.connect.nifi.flowfile.FlowFile;
import java.util.List;

/** A transaction into an input port: FlowFiles received and their checksum, kept until the client confirms. */
final class InboundTransaction extends Transaction {

    private List<FlowFile> received;
    private long checksum;

    InboundTransaction(String id, String portId) {
        super(id, portId);
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
    }

    @Override
    synchronized String describe() {
        return received == null ? "no FlowFiles" : received.size() + " unconfirmed FlowFiles, dropped";
    }
}

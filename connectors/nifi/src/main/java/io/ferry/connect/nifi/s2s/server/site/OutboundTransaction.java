package io.ferry.connect.nifi.s2s.server.site;

/** A transaction out of an output port: the batch sent and its checksum, until the client confirms. */
final class OutboundTransaction extends Transaction {

    private OutboundBatch batch;
    private long checksum;
    private boolean sent;

    OutboundTransaction(String id, String portId) {
        super(id, portId);
    }

    @Override
    boolean input() {
        return false;
    }

    /** Records what a GET sent (batch null: there was nothing to send). */
    synchronized void sent(OutboundBatch batch, long crc) {
        this.batch = batch;
        this.checksum = crc;
        this.sent = true;
    }

    synchronized boolean wasSent() {
        return sent;
    }

    synchronized OutboundBatch batch() {
        return batch;
    }

    synchronized long checksum() {
        return checksum;
    }

    /** Hands the batch out exactly once (to confirm or release it); null afterwards. */
    synchronized OutboundBatch takeBatch() {
        OutboundBatch taken = batch;
        batch = null;
        return taken;
    }

    @Override
    void discard() {
        OutboundBatch taken = takeBatch();
        if (taken != null) {
            taken.release();
        }
    }

    @Override
    synchronized String describe() {
        return batch == null ? "no FlowFiles" : batch.flowFiles().size() + " unconfirmed FlowFiles, to be sent again";
    }
}

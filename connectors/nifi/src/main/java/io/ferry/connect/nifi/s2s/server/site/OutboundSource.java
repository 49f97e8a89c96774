package io.ferry.connect.nifi.s2s.server.site;

/** What an output port serves: a sink task's buffered FlowFiles. Thread-safe. */
public interface OutboundSource {

    /**
     * Takes up to {@code maxCount} FlowFiles (and about {@code maxBytes} of content, at least one)
     * out of the buffer for one transaction, or returns null if there is nothing to send.
     */
    OutboundBatch take(int maxCount, long maxBytes);

    /** FlowFiles waiting to be taken. */
    long queued();
}

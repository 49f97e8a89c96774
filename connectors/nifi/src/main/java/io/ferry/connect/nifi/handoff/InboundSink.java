package io.ferry.connect.nifi.handoff;

import io.ferry.connect.nifi.flowfile.FlowFile;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Where an input port's confirmed FlowFiles go: a source task. Thread-safe. */
public interface InboundSink {

    /** True while this sink takes no new transactions (back pressure). */
    boolean isFull();

    /**
     * Hands over FlowFiles the client has confirmed. The future completes once all of them are
     * durably stored, or fails (after withdrawing what was not taken yet) if that does not happen in
     * time or the sink stops.
     */
    CompletableFuture<Void> deliver(List<FlowFile> flowFiles);

    /** FlowFiles handed over and not yet stored, for the peers' flowFileCount. */
    long pending();

    /** The most content bytes one transaction may carry (the FlowFiles wait in memory until confirmed). */
    long maxTransactionBytes();
}

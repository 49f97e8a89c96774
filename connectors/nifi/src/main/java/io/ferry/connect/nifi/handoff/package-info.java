/**
 * Between a protocol server (a NiFi site's input port, a ListenHTTP endpoint) and a source task:
 * {@link io.ferry.connect.nifi.handoff.SourceHandoff} takes FlowFiles the sender has confirmed, gives their
 * records to {@code poll()} and completes the sender's commit once Kafka acknowledged every record
 * ({@code commitRecord}); after a timeout it withdraws what was not taken yet.
 */
package io.ferry.connect.nifi.handoff;

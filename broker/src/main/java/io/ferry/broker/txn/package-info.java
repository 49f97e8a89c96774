/**
 * Transactions as Kafka defines them: the {@link io.ferry.broker.txn.TransactionCoordinator} maps transactional ids
 * to producer ids and epochs (bumping the epoch fences zombie producers), records which partitions and groups a
 * transaction touched, and ends it by writing commit or abort markers to each of them (the
 * {@link io.ferry.broker.txn.MarkerSender} writes them where this broker leads and sends WriteTxnMarkers to the other
 * leaders; {@link io.ferry.broker.txn.MarkerWriter} writes one locally, for either). Its state is kept in the
 * compacted internal topic {@code __transaction_state} ({@link io.ferry.broker.txn.TxnRecords}) and replayed at
 * start-up; transactions left half-ended by a crash are finished, and abandoned ones are aborted after their
 * timeout. Partitions track open transactions for the last stable offset and the aborted-transaction list that
 * read_committed consumers use. Before a transactional batch opens a transaction in a partition, the
 * {@link io.ferry.broker.txn.TxnVerifier} asks the coordinator whether the partition is in it (KIP-890).
 */
package io.ferry.broker.txn;

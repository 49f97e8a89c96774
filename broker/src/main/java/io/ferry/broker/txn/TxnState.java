package io.ferry.broker.txn;

/** A transactional id's state, as in Kafka's transaction coordinator. */
public enum TxnState {
    EMPTY, ONGOING, PREPARE_COMMIT, PREPARE_ABORT, COMPLETE_COMMIT, COMPLETE_ABORT;

    boolean isCompleting() {
        return this == PREPARE_COMMIT || this == PREPARE_ABORT;
    }
}

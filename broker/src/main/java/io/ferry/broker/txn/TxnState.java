package io.ferry.broker.txn;

import java.util.Arrays;
import java.util.Optional;

/** A transactional id's state, as in Kafka's transaction coordinator, with the name Kafka's admin APIs use. */
public enum TxnState {
    EMPTY("Empty"), ONGOING("Ongoing"), PREPARE_COMMIT("PrepareCommit"), PREPARE_ABORT("PrepareAbort"),
    COMPLETE_COMMIT("CompleteCommit"), COMPLETE_ABORT("CompleteAbort");

    private final String wireName;

    TxnState(String wireName) {
        this.wireName = wireName;
    }

    /** The name DescribeTransactions and ListTransactions use ({@code org.apache.kafka.clients.admin.TransactionState}). */
    public String wireName() {
        return wireName;
    }

    /** The state named {@code wireName} in a ListTransactions filter, if Ferry knows it. */
    public static Optional<TxnState> fromWireName(String wireName) {
        return Arrays.stream(values()).filter(s -> s.wireName.equals(wireName)).findFirst();
    }

    boolean isCompleting() {
        return this == PREPARE_COMMIT || this == PREPARE_ABORT;
    }
}

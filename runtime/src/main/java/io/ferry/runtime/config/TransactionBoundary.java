package io.ferry.runtime.config;

import java.util.Locale;

/** {@code transaction.boundary}: where an exactly-once source task commits its transactions (KIP-618). */
public enum TransactionBoundary {
    /** After every non-empty batch that {@code poll()} returns (the default). */
    POLL,
    /** Every {@code transaction.boundary.interval.ms}. */
    INTERVAL,
    /** When the task asks through {@code SourceTaskContext.transactionContext()}. */
    CONNECTOR;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for anything but poll, interval or connector (any case) */
    public static TransactionBoundary parse(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }

    /** The configuration values. */
    public static String[] configValues() {
        TransactionBoundary[] all = values();
        String[] result = new String[all.length];
        for (int i = 0; i < all.length; i++) {
            result[i] = all[i].value();
        }
        return result;
    }
}

package io.ferry.connect.nifi.s2s.server.site;

/**
 * What one site holds at most, so that no sender can exhaust the worker's memory.
 *
 * @param maxTransactions   open transactions (both directions); more get 503
 * @param maxHeldBytes      bytes of input-port FlowFiles held (received, not yet in Kafka); more get 503
 * @param maxAttributeBytes the longest attribute key or value accepted (UTF-8 bytes)
 */
public record SiteLimits(int maxTransactions, long maxHeldBytes, int maxAttributeBytes) {

    /** The configuration keys of the limits (declared in {@code SiteConfig}), named in refusals. */
    public static final String TRANSACTIONS_MAX_KEY = "nifi.site.transactions.max";
    public static final String HELD_MAX_BYTES_KEY = "nifi.site.held.max.bytes";
    public static final String ATTRIBUTE_MAX_BYTES_KEY = "nifi.site.attribute.max.bytes";

    public static final SiteLimits DEFAULT = new SiteLimits(1000, 256L * 1024 * 1024, 1024 * 1024);

    public SiteLimits {
        if (maxTransactions < 1 || maxHeldBytes < 1 || maxAttributeBytes < 1) {
            throw new IllegalArgumentException("Site limits must be positive: " + maxTransactions + ", " + maxHeldBytes + ", " + maxAttributeBytes);
        }
    }
}

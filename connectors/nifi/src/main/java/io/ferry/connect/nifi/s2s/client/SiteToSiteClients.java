package io.ferry.connect.nifi.s2s.client;

import java.io.IOException;
import org.apache.nifi.remote.Transaction;
import org.apache.nifi.remote.client.SiteToSiteClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What both client tasks do with their Site-to-Site client when a transaction fails and when they stop. */
final class SiteToSiteClients {

    private static final Logger log = LoggerFactory.getLogger(SiteToSiteClients.class);

    private SiteToSiteClients() {
    }

    /** Cancels a transaction that failed with {@code cause}; a failure to cancel is only logged. */
    static void cancel(Transaction transaction, Exception cause, String target) {
        try {
            transaction.cancel(cause.getMessage());
        } catch (IOException | RuntimeException e) {
            log.debug("Cancelling the failed transaction with {} failed too: {}", target, e.toString());
        }
    }

    /** Closes {@code client} (if any); a failure is only logged. */
    static void close(SiteToSiteClient client) {
        if (client != null) {
            try {
                client.close();
            } catch (IOException e) {
                log.debug("Closing the Site-to-Site client failed: {}", e.toString());
            }
        }
    }
}

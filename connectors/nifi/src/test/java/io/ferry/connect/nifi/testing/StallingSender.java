package io.ferry.connect.nifi.testing;

import java.util.concurrent.CountDownLatch;
import org.apache.nifi.remote.Transaction;
import org.apache.nifi.remote.TransferDirection;
import org.apache.nifi.remote.client.SiteToSiteClient;

/**
 * A NiFi sender that stops in the middle of a transaction: it streams {@code count} FlowFiles,
 * prints {@code SENT} and waits to be killed, never finishing the request.
 * Arguments: site URL, port name, count.
 */
public final class StallingSender {

    private StallingSender() {
    }

    public static void main(String[] args) throws Exception {
        SiteToSiteClient client = NiFiPeer.client(args[0], args[1], false);
        Transaction transaction = client.createTransaction(TransferDirection.SEND);
        int count = Integer.parseInt(args[2]);
        byte[] content = new byte[1024];
        for (int i = 0; i < count; i++) {
            transaction.send(content, java.util.Map.of("filename", "stalled-" + i));
        }
        System.out.println("SENT");
        System.out.flush();
        new CountDownLatch(1).await();
    }
}

package io.ferry.connect.nifi.s2s.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ferry.connect.nifi.flowfile.FlowFile;
import io.ferry.connect.nifi.testing.NiFiPeer;
import io.ferry.connect.nifi.testing.Sites;
import io.ferry.connect.nifi.testing.TopicReader;
import io.ferry.connect.nifi.testing.WorkerProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.nifi.remote.Transaction;
import org.apache.nifi.remote.TransferDirection;
import org.apache.nifi.remote.client.SiteToSiteClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a worker process (exactly-once sources, {@code transaction.boundary=connector})
 * while NiFi's own client sends: in the middle of the FlowFiles, and after NiFi's commit while the
 * Kafka transaction is open. NiFi sends the failed transactions again to the restarted worker; a
 * {@code read_committed} consumer sees every FlowFile exactly once.
 */
class WorkerKilledMidTransferTest {

    private static final int BATCH = 50;

    @TempDir
    Path root;

    private final List<AutoCloseable> processesAndClients = new ArrayList<>();
    private WorkerProcess worker;
    private SiteToSiteClient sender;

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : processesAndClients) {
            closeable.close();
        }
    }

    private WorkerProcess startWorker(int port, boolean slow) throws IOException {
        WorkerProcess started = WorkerProcess.start(root, port, slow);
        processesAndClients.add(started);
        return started;
    }

    @Test
    void killedAtEachStepOfATransferTheWorkerDeliversEveryConfirmedFlowFileOnce() throws Exception {
        int port = Sites.freePort();
        worker = startWorker(port, false);
        sender = NiFiPeer.client("http://localhost:" + port + "/nifi", "from-nifi", false);
        processesAndClients.add(sender);
        List<FlowFile> flowFiles = NiFiPeer.flowFiles("kill", 4 * BATCH);
        NiFiPeer.send(sender, batch(flowFiles, 0));

        // 1. Killed while NiFi streams the FlowFiles of a transaction.
        Transaction streaming = sender.createTransaction(TransferDirection.SEND);
        for (FlowFile flowFile : batch(flowFiles, 1)) {
            streaming.send(flowFile.content(), flowFile.attributes());
        }
        worker.kill();
        worker = startWorker(port, true);
        assertThatThrownBy(() -> {
            streaming.confirm();
            streaming.complete();
        }).isInstanceOf(IOException.class);
        NiFiPeer.sendUntilConfirmed(sender, batch(flowFiles, 1));

        // 2. Killed after NiFi's commit, in the middle of the Kafka transaction (this worker stalls at FlowFile 125).
        CompletableFuture<Void> committing = CompletableFuture.runAsync(() -> {
            try {
                NiFiPeer.send(sender, batch(flowFiles, 2));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        worker.awaitLine("SLOW kill-125.txt", Duration.ofSeconds(30));
        worker.kill();
        await().atMost(Duration.ofSeconds(60)).until(committing::isDone);
        assertThat(committing).isCompletedExceptionally();
        worker = startWorker(port, false);
        NiFiPeer.sendUntilConfirmed(sender, batch(flowFiles, 2));
        NiFiPeer.sendUntilConfirmed(sender, batch(flowFiles, 3));

        TopicReader topic = new TopicReader(worker.bootstrapServers(), "nifi-events");
        assertThat(topic.filenames(true)).as("read_committed").hasSize(flowFiles.size()).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(flowFiles.stream().map(f -> f.attribute("filename")).toList());
    }

    private static List<FlowFile> batch(List<FlowFile> flowFiles, int index) {
        return flowFiles.subList(index * BATCH, (index + 1) * BATCH);
    }
}

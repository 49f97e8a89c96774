package io.ferry.connect.nifi.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.awaitility.Awaitility;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/**
 * Runs a source task as a worker would, with an in-memory "topic": a thread polls, "writes" each
 * record to {@link #stored()} and acknowledges it with {@code commitRecord}. Polling and
 * acknowledging can be held to play a slow or stuck worker.
 */
public final class SourceTaskDriver implements AutoCloseable {

    private final SourceTask task;
    private final List<SourceRecord> polled = new CopyOnWriteArrayList<>();
    private final List<SourceRecord> stored = new CopyOnWriteArrayList<>();
    private final List<SourceRecord> unacknowledged = new ArrayList<>();
    private final AtomicBoolean polling = new AtomicBoolean(true);
    private final AtomicBoolean acknowledging = new AtomicBoolean(true);
    private volatile boolean running = true;
    private volatile boolean parked;
    private final Thread thread;

    public SourceTaskDriver(SourceTask task, Map<String, String> props) {
        this.task = task;
        task.initialize(new SourceTaskContext() {
            @Override
            public Map<String, String> configs() {
                return props;
            }

            @Override
            public OffsetStorageReader offsetStorageReader() {
                return null;
            }

            @Override
            public PluginMetrics pluginMetrics() {
                return null;
            }
        });
        task.start(props);
        thread = new Thread(this::run, "source-task-driver");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        long offset = 0;
        while (running) {
            try {
                if (!polling.get()) {
                    parked = true;
                    Thread.sleep(5);
                    continue;
                }
                parked = false;
                List<SourceRecord> records = task.poll();
                if (records == null) {
                    continue;
                }
                polled.addAll(records);
                for (SourceRecord record : records) {
                    stored.add(record);
                    RecordMetadata metadata = new RecordMetadata(new TopicPartition(record.topic(), 0), offset++, 0, 0L, 0, 0);
                    synchronized (unacknowledged) {
                        if (acknowledging.get()) {
                            task.commitRecord(record, metadata);
                        } else {
                            unacknowledged.add(record);
                        }
                    }
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Records the task returned from poll(). */
    public List<SourceRecord> polled() {
        return polled;
    }

    /** Records "written" (all polled records; acknowledgement may be held). */
    public List<SourceRecord> stored() {
        return stored;
    }

    /** Stops polling; returns once a poll() in progress (and its records) is done. */
    public void holdPolling() {
        polling.set(false);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> parked);
    }

    public void resumePolling() {
        polling.set(true);
    }

    public void holdAcknowledgements() {
        acknowledging.set(false);
    }

    /** Acknowledges what was held and acknowledges immediately again. */
    public void resumeAcknowledgements() {
        synchronized (unacknowledged) {
            acknowledging.set(true);
            for (SourceRecord record : unacknowledged) {
                try {
                    task.commitRecord(record, null);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            unacknowledged.clear();
        }
    }

    @Override
    public void close() {
        running = false;
        task.stop();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

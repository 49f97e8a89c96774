package io.ferry.testkit.driver;

import io.ferry.runtime.task.TaskPluginMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.awaitility.Awaitility;

/**
 * Plays the worker for a source task whose input arrives on its own (a server the task runs, a queue it
 * subscribes to): a thread polls as the worker's task thread does, "writes" every record it gets to
 * {@link #stored()} and acknowledges it with {@code commitRecord}, as the producer's callback would.
 * Polling and acknowledging can each be held, to play a slow or stuck worker. {@link #commit()} stores the
 * offsets of what was acknowledged and calls {@code commit()}. For a task the test polls itself, use
 * {@link SourceTaskDriver}.
 */
public final class PollingSourceDriver implements AutoCloseable {

    private final SourceTask task;
    private final SourceOffsets offsets = new SourceOffsets();
    private final List<SourceRecord> polled = new CopyOnWriteArrayList<>();
    private final List<SourceRecord> stored = new CopyOnWriteArrayList<>();
    private final List<SourceRecord> unacknowledged = new ArrayList<>();
    private final List<SourceRecord> acknowledged = new ArrayList<>();
    private final Object gate = new Object();
    private final Metrics metrics = new Metrics(Time.SYSTEM);
    private final Thread thread;
    private boolean polling = true;
    private boolean acknowledging = true;
    private volatile boolean running = true;
    private volatile boolean parked;
    private volatile Throwable failure;
    private long written;

    private PollingSourceDriver(SourceTask task, Map<String, String> props) {
        this.task = task;
        Map<String, String> config = Map.copyOf(props);
        PluginMetrics pluginMetrics = new TaskPluginMetrics(metrics, "driver", 0);
        task.initialize(new SourceContext(config, offsets, pluginMetrics));
        try {
            task.start(config);
        } catch (RuntimeException e) {
            metrics.close();
            throw e;
        }
        thread = new Thread(this::run, "polling-source-driver");
        thread.setDaemon(true);
    }

    /** Initializes and starts {@code task} on the caller's thread (so a failing start throws here), then polls it on another. */
    public static PollingSourceDriver start(SourceTask task, Map<String, String> props) {
        PollingSourceDriver driver = new PollingSourceDriver(task, props);
        driver.thread.start();
        return driver;
    }

    private void run() {
        try {
            while (running) {
                synchronized (gate) {
                    while (running && !polling) {
                        parked = true;
                        gate.wait();
                    }
                    parked = false;
                }
                if (!running) {
                    return;
                }
                List<SourceRecord> records = task.poll();
                if (records != null) {
                    polled.addAll(records);
                    records.forEach(this::write);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            failure = e; // the worker would fail the task
        }
    }

    private void write(SourceRecord record) {
        stored.add(record);
        synchronized (gate) {
            if (acknowledging) {
                acknowledge(record);
            } else {
                unacknowledged.add(record);
            }
        }
    }

    private void acknowledge(SourceRecord record) {
        int partition = record.kafkaPartition() == null ? 0 : record.kafkaPartition();
        RecordMetadata metadata = new RecordMetadata(new TopicPartition(record.topic(), partition), written++, 0,
                record.timestamp() == null ? 0L : record.timestamp(), -1, -1);
        try {
            task.commitRecord(record, metadata);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        acknowledged.add(record);
    }

    /** Records the task returned from {@code poll()}. */
    public List<SourceRecord> polled() {
        return polled;
    }

    /** Records "written" (every record polled; their acknowledgement may be held). */
    public List<SourceRecord> stored() {
        return stored;
    }

    /** What {@code poll()} threw, or null: the polling thread stops on it, as the worker fails the task. */
    public Throwable failure() {
        return failure;
    }

    /** Stops polling; returns once a {@code poll()} in progress (and its records) is done. */
    public void holdPolling() {
        synchronized (gate) {
            polling = false;
        }
        Awaitility.await("the polling thread parks").atMost(Duration.ofSeconds(30)).until(() -> parked || !thread.isAlive());
    }

    /** Polls again. */
    public void resumePolling() {
        synchronized (gate) {
            polling = true;
            gate.notifyAll();
        }
    }

    /** Keeps the records written from now on unacknowledged, as a producer waiting on a slow broker. */
    public void holdAcknowledgements() {
        synchronized (gate) {
            acknowledging = false;
        }
    }

    /** Acknowledges what was held, and acknowledges at once again. */
    public void resumeAcknowledgements() {
        synchronized (gate) {
            acknowledging = true;
            unacknowledged.forEach(this::acknowledge);
            unacknowledged.clear();
        }
    }

    /** Stores the offsets of the records acknowledged so far and calls {@code commit()}, as an offset flush does. */
    public void commit() throws InterruptedException {
        synchronized (gate) {
            for (SourceRecord record : acknowledged) {
                if (record.sourcePartition() != null && record.sourceOffset() != null) {
                    offsets.put(record.sourcePartition(), record.sourceOffset());
                }
            }
            acknowledged.clear();
        }
        task.commit();
    }

    /** The committed offsets. */
    public SourceOffsets offsets() {
        return offsets;
    }

    /** Stops polling and the task, and waits for the polling thread to end. */
    @Override
    public void close() {
        running = false;
        synchronized (gate) {
            gate.notifyAll();
        }
        try {
            task.stop();
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            metrics.close();
        }
    }
}

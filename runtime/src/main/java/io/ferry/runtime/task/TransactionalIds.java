package io.ferry.runtime.task;

import io.ferry.broker.util.AtomicFiles;
import io.ferry.runtime.config.WorkerConfig;
import io.ferry.runtime.status.TaskId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * The transactional ids of exactly-once source tasks (and the static group member ids of sink tasks):
 * {@code <worker id>-<connector>-<task>}, as
 * Kafka Connect forms them from its group id. The worker id is {@code ferry.worker.id}, or a
 * random id created once and kept in {@code <ferry.data.dir>/worker.id}: it must stay the same
 * across restarts, so that a restarted task fences the instance that ran before the crash.
 */
public final class TransactionalIds {

    /** The file in the data directory holding the worker id. */
    public static final String WORKER_ID_FILE = "worker.id";
    /** Kafka's limit for a group.instance.id (as for topic names). */
    private static final int MAX_INSTANCE_ID = 249;

    private TransactionalIds() {
    }

    /** The transactional id of task {@code id}. */
    public static String of(WorkerConfig worker, TaskId id) {
        return workerId(worker) + "-" + id.connector() + "-" + id.task();
    }

    /**
     * The static consumer group member id ({@code group.instance.id}) of sink task {@code id}: the same worker-scoped
     * form, made legal for Kafka (ASCII letters, digits, '.', '_' and '-', at most 249 characters): other characters
     * become '_', and a longer id keeps a hash of the connector name instead of the name. The group ({@code
     * connect-<connector>}) already tells connectors apart; within it the worker id and task number stay distinct.
     */
    public static String groupInstanceId(WorkerConfig worker, TaskId id) {
        String prefix = legal(workerId(worker));
        String instance = prefix + "-" + legal(id.connector()) + "-" + id.task();
        if (instance.length() > MAX_INSTANCE_ID) {
            instance = prefix + "-" + Integer.toHexString(id.connector().hashCode()) + "-" + id.task();
        }
        return instance;
    }

    private static String legal(String text) {
        return text.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /**
     * {@code ferry.worker.id}, or the id in {@code <ferry.data.dir>/worker.id} (created if missing).
     *
     * @throws ConnectException if the file cannot be read or written
     */
    public static synchronized String workerId(WorkerConfig worker) {
        if (!worker.configuredWorkerId().isEmpty()) {
            return worker.configuredWorkerId();
        }
        Path file = worker.dataDir().resolve(WORKER_ID_FILE);
        try {
            if (Files.exists(file)) {
                String id = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (!id.isEmpty()) {
                    return id;
                }
            }
            String id = "ferry-" + UUID.randomUUID().toString().substring(0, 8);
            Files.createDirectories(file.getParent());
            AtomicFiles.write(file, (id + "\n").getBytes(StandardCharsets.UTF_8));
            return id;
        } catch (IOException e) {
            throw new ConnectException("Cannot read or create the worker id in " + file + " (or set " + WorkerConfig.WORKER_ID + "): " + e, e);
        }
    }
}

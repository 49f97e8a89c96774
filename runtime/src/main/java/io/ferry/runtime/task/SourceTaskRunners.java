package io.ferry.runtime.task;

import io.ferry.runtime.config.ConnectorConfig;
import io.ferry.runtime.config.WorkerConfig;
import io.ferry.runtime.offset.OffsetStore;
import io.ferry.runtime.offset.StoreOffsetReader;
import io.ferry.runtime.offset.TopicOffsetStores;
import io.ferry.runtime.status.TaskId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.FenceProducersOptions;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceTask;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses how source tasks deliver: at-least-once ({@link SourceTaskRunner}) or, with
 * {@code exactly.once.source.support=enabled}, exactly-once ({@link ExactlyOnceSourceTaskRunner},
 * the worker's offset store then being {@link TopicOffsetStores}); and what only exactly-once
 * delivery needs around the tasks: fencing earlier instances before a connector's tasks start, and
 * the connector's view of its offsets.
 */
public final class SourceTaskRunners {

    private static final Logger log = LoggerFactory.getLogger(SourceTaskRunners.class);
    private static final int FENCE_TIMEOUT_MS = 60_000;

    private SourceTaskRunners() {
    }

    /** The runner of a source task. */
    public static AbstractSourceTaskRunner create(TaskId id, SourceTask task, TaskEnvironment env, ConnectorConfig config,
                                                  Map<String, String> taskConfig, ClassLoader loader, TargetState initial) {
        if (env.worker().exactlyOnceSourceEnabled()) {
            return new ExactlyOnceSourceTaskRunner(id, task, env, config, taskConfig, loader, initial, topicStores(env));
        }
        return new SourceTaskRunner(id, task, env, config, taskConfig, loader, initial);
    }

    /**
     * With exactly-once delivery, fences every earlier instance of the connector's tasks 0 to
     * {@code max(taskCount, tasks.max) - 1} (their open transactions are aborted), so that no
     * zombie transaction holds back what the new tasks read from the offsets topic. Call it while
     * none of the connector's tasks runs. Does nothing with at-least-once delivery.
     *
     * @throws ConnectException if a transactional id cannot be fenced
     */
    public static void fenceZombies(TaskEnvironment env, ConnectorConfig config, int taskCount) {
        if (!env.worker().exactlyOnceSourceEnabled()) {
            return;
        }
        int count = Math.max(taskCount, config.tasksMax());
        List<String> ids = new ArrayList<>(count);
        for (int task = 0; task < count; task++) {
            ids.add(TransactionalIds.of(env.worker(), new TaskId(config.name(), task)));
        }
        // One admin request per id (InitProducerId, as Kafka Connect's fencing does), no producer per id.
        try (Admin admin = Admin.create(env.clients().workerAdmin("connector-fencer-" + config.name()))) {
            admin.fenceProducers(ids, new FenceProducersOptions().timeoutMs(FENCE_TIMEOUT_MS)).all().get();
        } catch (ExecutionException e) {
            throw new ConnectException("Cannot fence earlier instances of the tasks of connector " + config.name()
                    + " (transactional ids " + ids + "): " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while fencing earlier instances of the tasks of connector " + config.name(), e);
        } catch (KafkaException e) {
            throw new ConnectException("Cannot fence earlier instances of the tasks of connector " + config.name()
                    + " (transactional ids " + ids + "): " + e, e);
        }
        log.debug("Fenced earlier instances of the {} tasks of connector {}", count, config.name());
    }

    /** What a connector reads its offsets from (its own offsets topic over the worker's, with exactly-once delivery). */
    public static OffsetStorageReader connectorOffsets(TaskEnvironment env, ConnectorConfig config) {
        OffsetStore store = env.worker().exactlyOnceSourceEnabled() ? topicStores(env).view(config.offsetsStorageTopic()) : env.offsets();
        return new StoreOffsetReader(store, config.name());
    }

    /** The settings of a source task's transactional producer. */
    static Map<String, Object> transactionalProducer(TaskEnvironment env, ConnectorConfig config, TaskId id, String transactionalId) {
        Map<String, Object> props = env.clients().sourceProducer(id, config);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        // initTransactions() and commits must not wait forever for an unreachable cluster.
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(Duration.ofMinutes(1).toMillis()));
        return props;
    }

    private static TopicOffsetStores topicStores(TaskEnvironment env) {
        if (env.offsets() instanceof TopicOffsetStores stores) {
            return stores;
        }
        throw new ConnectException(WorkerConfig.EXACTLY_ONCE_SOURCE_SUPPORT + "=enabled needs the worker's offsets in "
                + WorkerConfig.OFFSET_STORAGE_TOPIC + " (a TopicOffsetStores), not " + env.offsets().getClass().getSimpleName());
    }
}

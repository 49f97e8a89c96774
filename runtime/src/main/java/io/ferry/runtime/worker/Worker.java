package io.ferry.runtime.worker;

import io.ferry.runtime.config.ConfigProblem;
import io.ferry.runtime.config.ConfigProviders;
import io.ferry.runtime.config.ConnectorConfig;
import io.ferry.runtime.config.ConnectorConfigException;
import io.ferry.runtime.config.WorkerConfig;
import io.ferry.runtime.offset.ConnectorOffset;
import io.ferry.runtime.offset.OffsetStore;
import io.ferry.runtime.plugin.Plugins;
import io.ferry.runtime.schedule.ConnectorScheduler;
import io.ferry.runtime.schedule.ScheduleStatus;
import io.ferry.runtime.status.ConnectorStateInfo;
import io.ferry.runtime.status.ConnectorStatus;
import io.ferry.runtime.status.State;
import io.ferry.runtime.status.StatusStore;
import io.ferry.runtime.status.TaskId;
import io.ferry.runtime.status.TaskStatus;
import io.ferry.runtime.task.ClientConfigs;
import io.ferry.runtime.task.TargetState;
import io.ferry.runtime.task.TaskEnvironment;
import io.ferry.runtime.task.TaskMetricsRegistry;
import io.ferry.runtime.worker.ConnectorConfigStore.StoredConnector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.connect.errors.AlreadyExistsException;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connectors of this worker and the operations on them: the API of the command line and of
 * the REST API. Connectors given at start-up ({@link #start}) come from the command line;
 * connectors created, changed, paused, resumed or stopped later are kept in the
 * {@link ConnectorConfigStore} with their target state and come back after a restart.
 *
 * <p>Thread-safe: operations are serialised. Unknown connectors raise Kafka Connect's
 * {@link NotFoundException}; invalid configurations a {@link ConnectorConfigException}.
 */
public final class Worker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Worker.class);

    private final WorkerConfig config;
    private final Plugins plugins;
    private final OffsetStore offsets;
    private final ConnectorConfigStore store;
    private final StatusStore statuses;
    private final ConfigProviders providers;
    private final ConnectorValidator validator;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService reconfigurer;
    private final Metrics metrics = new Metrics();
    /** Runs the tasks of connectors with {@code schedule.cron} at its firings (Quartz, started on first use). */
    private final ConnectorScheduler schedules = new ConnectorScheduler(this);
    private final TaskMetricsRegistry taskMetrics = new TaskMetricsRegistry();
    private final ConnectorOffsets offsetOperations;
    private volatile String kafkaClusterId;
    private final Map<String, ConnectorRunner> connectors = new TreeMap<>();
    /** Stored connectors whose configuration is no longer valid (e.g. their plugin is gone): listed, FAILED, deletable. */
    private final Map<String, Map<String, String>> invalid = new TreeMap<>();
    private TaskEnvironment env;
    private boolean closed;

    public Worker(WorkerConfig config, Plugins plugins, OffsetStore offsets, ConnectorConfigStore store) {
        this(config, plugins, offsets, store, config.workerId());
    }

    /** @param workerId the id written into statuses: the {@code host:port} the REST API actually listens on */
    public Worker(WorkerConfig config, Plugins plugins, OffsetStore offsets, ConnectorConfigStore store, String workerId) {
        this.config = config;
        this.plugins = plugins;
        this.offsets = offsets;
        this.store = store;
        this.statuses = new StatusStore(workerId);
        this.offsetOperations = new ConnectorOffsets(offsets, () -> env.clients());
        this.providers = ConfigProviders.create(config, plugins);
        this.validator = new ConnectorValidator(plugins, providers, config);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("ferry-offset-commits"));
        this.reconfigurer = Executors.newSingleThreadExecutor(daemon("ferry-worker"));
    }

    /**
     * Checks connector configurations (those given on the command line) before anything starts.
     *
     * @throws ConnectorConfigException for the first invalid one, listing all its problems
     * @throws ConnectException         if two have the same name
     */
    public void check(List<Map<String, String>> configs) {
        java.util.Set<String> names = new java.util.HashSet<>();
        for (Map<String, String> raw : configs) {
            validator.validate(raw);
            if (!names.add(raw.get(ConnectorConfig.NAME))) {
                throw new ConnectException("Two connectors are named '" + raw.get(ConnectorConfig.NAME) + "'");
            }
        }
    }

    /**
     * Loads the offsets, then starts the stored connectors and the given ones. A given connector
     * that is also stored takes its configuration from {@code bootConnectors} and its target
     * state from the store.
     *
     * @param bootstrapServers where the tasks' clients connect (the embedded broker, or the
     *                         worker's {@code bootstrap.servers})
     * @throws ConnectorConfigException if a given connector is invalid (nothing is started)
     */
    public synchronized void start(String bootstrapServers, List<Map<String, String>> bootConnectors) {
        checkOpen();
        if (env != null) {
            throw new IllegalStateException("The worker is already started");
        }
        Map<String, ConnectorValidator.Validated> boot = new LinkedHashMap<>();
        Map<String, Map<String, String>> bootRaw = new LinkedHashMap<>();
        for (Map<String, String> raw : bootConnectors) {
            ConnectorValidator.Validated validated = validator.validate(raw);
            if (boot.put(validated.config().name(), validated) != null) {
                throw new ConnectException("Two connectors are named '" + validated.config().name() + "'");
            }
            bootRaw.put(validated.config().name(), raw);
        }
        env = new TaskEnvironment(config, plugins, new ClientConfigs(bootstrapServers, config), offsets, statuses, scheduler, metrics,
                taskMetrics);
        scheduler.scheduleAtFixedRate(taskMetrics::sample, 1, 1, TimeUnit.SECONDS);
        offsets.start();
        for (StoredConnector stored : store.load()) {
            if (boot.containsKey(stored.name())) {
                Map<String, String> raw = bootRaw.get(stored.name());
                if (!raw.equals(stored.config())) {
                    log.info("Connector {} is given on the command line and stored; using the command line's configuration", stored.name());
                    store.put(new StoredConnector(stored.name(), raw, stored.targetState()));
                }
                launch(raw, boot.remove(stored.name()), stored.targetState());
                continue;
            }
            try {
                launch(stored.config(), validator.validate(stored.config()), stored.targetState());
            } catch (ConnectException e) {
                invalid.put(stored.name(), stored.config());
                statuses.putConnector(stored.name(), State.FAILED, e);
                log.error("Stored connector {} cannot start: {}", stored.name(), e.getMessage());
            }
        }
        boot.forEach((name, validated) -> launch(bootRaw.get(name), validated, TargetState.STARTED));
    }

    private void launch(Map<String, String> raw, ConnectorValidator.Validated validated, TargetState target) {
        ConnectorRunner runner = new ConnectorRunner(raw, validated, target, env, providers, this::requestReconfiguration, schedules);
        connectors.put(runner.name(), runner);
        runner.start();
    }

    /**
     * Creates a connector, or replaces the configuration of an existing one (restarting it with
     * its current target state).
     *
     * @return true if the connector was created, false if it was updated
     * @throws ConnectorConfigException if the configuration is invalid (nothing changes)
     */
    public synchronized boolean createOrUpdate(String name, Map<String, String> config) {
        return put(name, config, null, true);
    }

    /** What {@link #upsert} did: whether the connector was created, and the connector afterwards. */
    public record Upsert(boolean created, ConnectorInfo info) {
    }

    /** {@link #createOrUpdate}, returning the connector as it then is ({@code PUT /connectors/{name}/config}). */
    public synchronized Upsert upsert(String name, Map<String, String> config) {
        boolean created = put(name, config, null, true);
        return new Upsert(created, connectorInfo(name));
    }

    /**
     * Creates a connector in {@code initialState} (STARTED, PAUSED or STOPPED).
     *
     * @return the new connector
     * @throws AlreadyExistsException if it exists
     */
    public synchronized ConnectorInfo create(String name, Map<String, String> config, TargetState initialState) {
        put(name, config, initialState, false);
        return connectorInfo(name);
    }

    /**
     * Changes some keys of a connector's configuration ({@code PATCH /connectors/{name}/config}): a
     * null value removes the key; the others keep their values.
     *
     * @return the connector afterwards
     * @throws NotFoundException        if there is no such connector
     * @throws ConnectorConfigException if the result is invalid (nothing changes)
     */
    public synchronized ConnectorInfo patch(String name, Map<String, String> changes) {
        Map<String, String> merged = new LinkedHashMap<>(connectorConfig(name));
        changes.forEach((key, value) -> {
            if (value == null) {
                merged.remove(key);
            } else {
                merged.put(key, value);
            }
        });
        put(name, merged, null, true);
        return connectorInfo(name);
    }

    private boolean put(String name, Map<String, String> config, TargetState initialState, boolean allowReplace) {
        checkStarted();
        Map<String, String> raw = withName(name, config);
        ConnectorRunner existing = connectors.get(name);
        if ((existing != null || invalid.containsKey(name)) && !allowReplace) {
            throw new AlreadyExistsException("Connector " + name + " already exists");
        }
        ConnectorValidator.Validated validated = validator.validate(raw);
        TargetState target = initialState != null ? initialState : existing != null ? existing.target() : TargetState.STARTED;
        if (existing != null && existing.rawConfig().equals(raw)) {
            return false;
        }
        store.put(new StoredConnector(name, raw, target));
        boolean created = existing == null && invalid.remove(name) == null;
        if (existing != null) {
            existing.shutdown();
            connectors.remove(name);
            log.info("Connector {} reconfigured", name);
        } else {
            log.info("Connector {} created", name);
        }
        statuses.removeConnector(name);
        launch(raw, validated, target);
        return created;
    }

    private static Map<String, String> withName(String name, Map<String, String> config) {
        Objects.requireNonNull(name, "name");
        Map<String, String> raw = new LinkedHashMap<>(config);
        String given = raw.get(ConnectorConfig.NAME);
        if (given != null && !given.equals(name)) {
            throw new ConnectorConfigException(name, List.of(new ConfigProblem(ConnectorConfig.NAME,
                    "'" + given + "' does not match the connector name '" + name + "'")));
        }
        raw.put(ConnectorConfig.NAME, name);
        return raw;
    }

    /**
     * Checks a configuration as {@link #createOrUpdate} would, without creating anything.
     *
     * @return every problem found (empty if it is valid)
     */
    public List<ConfigProblem> validate(Map<String, String> config) {
        try {
            validator.validate(config);
            return List.of();
        } catch (ConnectorConfigException e) {
            return e.problems();
        }
    }

    /**
     * Deletes a connector and, with {@code deleteOffsets}, its offsets too (source offsets, or the
     * sink's consumer group).
     *
     * @throws ConnectException if the connector was deleted but its offsets could not be removed
     */
    public synchronized void delete(String name, boolean deleteOffsets) {
        ConnectorRunner runner = connectors.get(name);
        Boolean sink = runner == null ? null : runner.isSink();
        delete(name);
        if (deleteOffsets) {
            try {
                offsetOperations.remove(name, sink);
            } catch (ConnectException e) {
                throw new ConnectException("Connector " + name + " was deleted, but its offsets could not be removed: " + e.getMessage(), e);
            }
            log.info("Offsets of deleted connector {} removed", name);
        }
    }

    /** Stops a connector and its tasks and forgets it (its source offsets are kept, as Kafka Connect does). */
    public synchronized void delete(String name) {
        if (invalid.remove(name) != null) {
            store.remove(name);
            statuses.removeConnector(name);
            log.info("Connector {} deleted", name);
            return;
        }
        ConnectorRunner runner = require(name);
        runner.shutdown();
        connectors.remove(name);
        store.remove(name);
        statuses.removeConnector(name);
        log.info("Connector {} deleted", name);
    }

    /** Pauses a connector and its tasks. */
    public synchronized void pause(String name) {
        transition(name, TargetState.PAUSED);
    }

    /** Resumes a paused or stopped connector. */
    public synchronized void resume(String name) {
        transition(name, TargetState.STARTED);
    }

    /** Stops a connector's tasks and the connector, keeping its configuration. */
    public synchronized void stop(String name) {
        transition(name, TargetState.STOPPED);
    }

    private void transition(String name, TargetState state) {
        ConnectorRunner runner = require(name);
        if (runner.target() != state) {
            store.put(new StoredConnector(name, runner.rawConfig(), state));
            runner.transitionTo(state);
        }
    }

    /** Restarts the connector instance. */
    public synchronized void restart(String name) {
        require(name).restartConnector();
    }

    /**
     * Restarts the connector and/or its tasks as {@code POST /connectors/{name}/restart} does.
     *
     * @param includeTasks also restart tasks
     * @param onlyFailed   only restart what is FAILED
     */
    public synchronized ConnectorStateInfo restart(String name, boolean includeTasks, boolean onlyFailed) {
        ConnectorRunner runner = require(name);
        ConnectorStateInfo before = status(name);
        ConnectorStatus connector = before.connector();
        if (!onlyFailed || connector.state() == State.FAILED) {
            connector = new ConnectorStatus(name, State.RESTARTING, null, statuses.workerId());
            runner.restartConnector();
        }
        Map<TaskId, TaskStatus> plan = new TreeMap<>();
        before.tasks().forEach(task -> plan.put(task.id(), task));
        if (includeTasks) {
            for (TaskId id : runner.taskIds()) {
                boolean failed = statuses.task(id).map(s -> s.state() == State.FAILED).orElse(false);
                if (!onlyFailed || failed) {
                    plan.put(id, new TaskStatus(id, State.RESTARTING, null, statuses.workerId()));
                    runner.restartTask(id.task());
                }
            }
        }
        return new ConnectorStateInfo(name, connector, new ArrayList<>(plan.values()), before.type());
    }

    /** Restarts one task (for instance a FAILED one) with its current configuration. */
    public synchronized void restartTask(TaskId id) {
        require(id.connector()).restartTask(id.task());
    }

    /** The state of a connector and its tasks. */
    public synchronized ConnectorStateInfo status(String name) {
        ConnectorRunner runner = connectors.get(name);
        ConnectorStatus connector = statuses.connector(name)
                .orElseThrow(() -> new NotFoundException("Connector " + name + " not found"));
        List<TaskStatus> tasks = statuses.tasks(name);
        return new ConnectorStateInfo(name, connector, tasks, runner == null ? "unknown" : runner.type());
    }

    /**
     * Where a connector with {@code schedule.cron} is in its schedule (between firings it is RUNNING
     * and its tasks UNASSIGNED), or empty if it has no schedule.
     */
    public Optional<ScheduleStatus> schedule(String name) {
        return schedules.status(name);
    }

    /** The state of one task. */
    public TaskStatus taskStatus(TaskId id) {
        return statuses.task(id).orElseThrow(() -> new NotFoundException("Task " + id + " not found"));
    }

    /** The names of the connectors, sorted. */
    public synchronized List<String> connectors() {
        java.util.SortedSet<String> names = new java.util.TreeSet<>(connectors.keySet());
        names.addAll(invalid.keySet());
        return new ArrayList<>(names);
    }

    /** A connector's configuration as given. */
    public synchronized Map<String, String> connectorConfig(String name) {
        Map<String, String> broken = invalid.get(name);
        return broken != null ? broken : require(name).rawConfig();
    }

    /** A connector's configuration as stored, or empty if there is no such connector (one atomic look-up). */
    public synchronized Optional<Map<String, String>> findConnectorConfig(String name) {
        Map<String, String> broken = invalid.get(name);
        if (broken != null) {
            return Optional.of(broken);
        }
        ConnectorRunner runner = connectors.get(name);
        return runner == null ? Optional.empty() : Optional.of(runner.rawConfig());
    }

    /** A connector's configuration, tasks and type. */
    public synchronized ConnectorInfo connectorInfo(String name) {
        Map<String, String> broken = invalid.get(name);
        if (broken != null) {
            return new ConnectorInfo(name, broken, List.of(), "unknown");
        }
        ConnectorRunner runner = require(name);
        return new ConnectorInfo(name, runner.rawConfig(), runner.taskIds(), runner.type());
    }

    /** The configurations of a connector's tasks. */
    public synchronized List<TaskInfo> taskConfigs(String name) {
        ConnectorRunner runner = require(name);
        List<TaskInfo> result = new ArrayList<>();
        List<Map<String, String>> configs = runner.taskConfigs();
        for (int i = 0; i < configs.size(); i++) {
            result.add(new TaskInfo(new TaskId(name, i), configs.get(i)));
        }
        return result;
    }

    /** The target state of a connector (what the user asked for). */
    public synchronized TargetState targetState(String name) {
        return require(name).target();
    }

    /** A connector's committed offsets, in any state. */
    public synchronized List<ConnectorOffset> offsets(String name) {
        return offsetOperations.read(name, require(name).isSink());
    }

    /**
     * Alters some of a stopped connector's offsets (a null offset removes the partition's).
     *
     * @return whether the connector acknowledged the change (its {@code alterOffsets} returned true)
     * @throws InvalidRequestException if the connector is not stopped, the offsets are malformed,
     *                                 or the connector refuses them
     */
    public synchronized boolean alterOffsets(String name, List<ConnectorOffset> changes) {
        return offsetOperations.alter(requireStopped(name), changes);
    }

    /** Removes every offset of a stopped connector; see {@link #alterOffsets}. */
    public synchronized boolean resetOffsets(String name) {
        return offsetOperations.reset(requireStopped(name));
    }

    private ConnectorRunner requireStopped(String name) {
        ConnectorRunner runner = require(name);
        if (runner.target() != TargetState.STOPPED) {
            throw new InvalidRequestException("Connectors must be in the STOPPED state before their offsets can be modified. "
                    + "This can be done for the specified connector by issuing a 'PUT' request to the '/connectors/" + name
                    + "/stop' endpoint");
        }
        return runner;
    }

    /** The topics a connector's tasks have read or written (since it was created or its topics were reset). */
    public synchronized java.util.Set<String> activeTopics(String name) {
        connectorConfig(name);
        return statuses.activeTopics(name);
    }

    /** Forgets a connector's active topics. */
    public synchronized void resetActiveTopics(String name) {
        connectorConfig(name);
        statuses.resetActiveTopics(name);
    }

    /** What each running task has done. */
    public TaskMetricsRegistry taskMetrics() {
        return taskMetrics;
    }

    /**
     * The id of the Kafka cluster the worker's clients use, asked once of the cluster.
     *
     * @throws ConnectException if the cluster cannot be reached
     */
    public String kafkaClusterId() {
        String id = kafkaClusterId;
        if (id == null) {
            checkStarted();
            try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                    env.clients().workerAdmin("ferry-worker-cluster-id"))) {
                id = admin.describeCluster().clusterId().get(10, TimeUnit.SECONDS);
                kafkaClusterId = id;
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new ConnectException("Cannot read the Kafka cluster id: " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConnectException("Interrupted while reading the Kafka cluster id", e);
            }
        }
        return id;
    }

    /** The plugin registry. */
    public Plugins plugins() {
        return plugins;
    }

    /** The status store (read by the REST API). */
    public StatusStore statuses() {
        return statuses;
    }

    public WorkerConfig config() {
        return config;
    }

    private void requestReconfiguration(String name) {
        try {
            reconfigurer.execute(() -> {
                synchronized (this) {
                    ConnectorRunner runner = connectors.get(name);
                    if (runner != null && !closed) {
                        runner.reconfigure();
                    }
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            log.debug("Ignoring reconfiguration request of connector {}: the worker is shutting down", name);
        }
    }

    private ConnectorRunner require(String name) {
        ConnectorRunner runner = connectors.get(name);
        if (runner == null && invalid.containsKey(name)) {
            throw new ConnectException("Connector " + name + " cannot run: its stored configuration is invalid (see its status); "
                    + "update or delete it");
        }
        if (runner == null) {
            throw new NotFoundException("Connector " + name + " not found");
        }
        return runner;
    }

    private void checkOpen() {
        if (closed) {
            throw new ConnectException("The worker is shutting down");
        }
    }

    private void checkStarted() {
        checkOpen();
        if (env == null) {
            throw new IllegalStateException("The worker is not started");
        }
    }

    /**
     * Stops every task (storing source offsets and committing sink offsets) and connector, then
     * closes the worker's resources. Safe to call twice.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        schedules.close();
        log.info("Stopping {} connectors", connectors.size());
        connectors.values().forEach(ConnectorRunner::signalTasksToStop);
        connectors.values().forEach(ConnectorRunner::shutdown);
        connectors.clear();
        reconfigurer.shutdownNow();
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        providers.close();
        offsets.close();
        metrics.close();
        log.info("Worker stopped");
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}

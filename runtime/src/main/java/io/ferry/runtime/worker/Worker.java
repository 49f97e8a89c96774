package io.ferry.runtime.worker;

import io.ferry.runtime.config.ConfigProblem;
import io.ferry.runtime.config.ConfigProviders;
import io.ferry.runtime.config.ConnectorConfig;
import io.ferry.runtime.config.ConnectorConfigException;
import io.ferry.runtime.config.WorkerConfig;
import io.ferry.runtime.offset.OffsetStore;
import io.ferry.runtime.plugin.Plugins;
import io.ferry.runtime.status.ConnectorStateInfo;
import io.ferry.runtime.status.ConnectorStatus;
import io.ferry.runtime.status.State;
import io.ferry.runtime.status.StatusStore;
import io.ferry.runtime.status.TaskId;
import io.ferry.runtime.status.TaskStatus;
import io.ferry.runtime.task.ClientConfigs;
import io.ferry.runtime.task.TargetState;
import io.ferry.runtime.task.TaskEnvironment;
import io.ferry.runtime.worker.ConnectorConfigStore.StoredConnector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
    private final Map<String, ConnectorRunner> connectors = new TreeMap<>();
    /** Stored connectors whose configuration is no longer valid (e.g. their plugin is gone): listed, FAILED, deletable. */
    private final Map<String, Map<String, String>> invalid = new TreeMap<>();
    private TaskEnvironment env;
    private boolean closed;

    public Worker(WorkerConfig config, Plugins plugins, OffsetStore offsets, ConnectorConfigStore store) {
        this.config = config;
        this.plugins = plugins;
        this.offsets = offsets;
        this.store = store;
        this.statuses = new StatusStore(config.workerId());
        this.providers = ConfigProviders.create(config, plugins);
        this.validator = new ConnectorValidator(plugins, providers);
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
        env = new TaskEnvironment(config, plugins, new ClientConfigs(bootstrapServers, config), offsets, statuses, scheduler, metrics);
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
        ConnectorRunner runner = new ConnectorRunner(raw, validated, target, env, providers, this::requestReconfiguration);
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

    /**
     * Creates a connector in {@code initialState} (STARTED, PAUSED or STOPPED).
     *
     * @throws AlreadyExistsException if it exists
     */
    public synchronized void create(String name, Map<String, String> config, TargetState initialState) {
        put(name, config, initialState, false);
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
    public synchronized void restart(String name, boolean includeTasks, boolean onlyFailed) {
        ConnectorRunner runner = require(name);
        boolean connectorFailed = statuses.connector(name).map(s -> s.state() == State.FAILED).orElse(false);
        if (!onlyFailed || connectorFailed) {
            runner.restartConnector();
        }
        if (includeTasks) {
            for (TaskId id : runner.taskIds()) {
                boolean failed = statuses.task(id).map(s -> s.state() == State.FAILED).orElse(false);
                if (!onlyFailed || failed) {
                    runner.restartTask(id.task());
                }
            }
        }
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

    /** A connector's configuration, tasks and type. */
    public synchronized ConnectorInfo connectorInfo(String name) {
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

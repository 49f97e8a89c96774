package io.ferry.runtime.worker;

import io.ferry.runtime.config.ConfigProviders;
import io.ferry.runtime.config.ConnectorConfig;
import io.ferry.runtime.plugin.LoaderSwap;
import io.ferry.runtime.plugin.PluginDesc;
import io.ferry.runtime.plugin.PluginKind;
import io.ferry.runtime.schedule.ConnectorScheduler;
import io.ferry.runtime.schedule.ScheduledConnector;
import io.ferry.runtime.security.AllowedPaths;
import io.ferry.runtime.status.State;
import io.ferry.runtime.status.TaskId;
import io.ferry.runtime.task.SinkTaskRunner;
import io.ferry.runtime.task.SourceTaskRunners;
import io.ferry.runtime.task.TargetState;
import io.ferry.runtime.task.TaskEnvironment;
import io.ferry.runtime.task.TaskPluginMetrics;
import io.ferry.runtime.task.TaskRunner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.connector.Connector;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.NotFoundException;
import org.apache.kafka.connect.sink.SinkConnector;
import org.apache.kafka.connect.sink.SinkConnectorContext;
import org.apache.kafka.connect.sink.SinkTask;
import org.apache.kafka.connect.source.SourceConnector;
import org.apache.kafka.connect.source.SourceConnectorContext;
import org.apache.kafka.connect.source.SourceTask;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connector on this worker: its {@code Connector} instance, the task configurations it
 * generated and the task runners, driven to the target state (STARTED, PAUSED, STOPPED). A
 * paused connector is stopped ({@code Connector.stop()}) and its tasks are paused; a stopped one
 * has no tasks. Every method runs under the worker's lock.
 */
final class ConnectorRunner implements ScheduledConnector {

    private static final Logger log = LoggerFactory.getLogger(ConnectorRunner.class);

    private final String name;
    private final Map<String, String> rawConfig;
    private final ConnectorConfig config;
    private final PluginDesc plugin;
    private final TaskEnvironment env;
    private final ConfigProviders providers;
    private final Consumer<String> reconfigurationRequests;
    private final List<TaskRunner> tasks = new ArrayList<>();
    private List<Map<String, String>> taskConfigs = List.of();
    private TargetState target;
    private Connector connector;
    private TaskPluginMetrics connectorMetrics;
    private boolean connectorStarted;
    private final ConnectorScheduler schedules;
    /** False between two firings of {@code schedule.cron}: the tasks wait (always true without a schedule). */
    private boolean scheduleActive;

    /**
     * @param reconfigurationRequests called (from any thread) with the connector name when the
     *                                connector asks for its tasks to be reconfigured
     * @param schedules               runs the tasks of a connector with {@code schedule.cron} at its firings
     */
    ConnectorRunner(Map<String, String> rawConfig, ConnectorValidator.Validated validated, TargetState target,
                    TaskEnvironment env, ConfigProviders providers, Consumer<String> reconfigurationRequests,
                    ConnectorScheduler schedules) {
        this.name = validated.config().name();
        this.rawConfig = Map.copyOf(rawConfig);
        this.config = validated.config();
        this.plugin = validated.connector();
        this.target = target;
        this.env = env;
        this.providers = providers;
        this.reconfigurationRequests = reconfigurationRequests;
        this.schedules = schedules;
        this.scheduleActive = config.scheduleCron() == null;
    }

    @Override
    public String name() {
        return name;
    }

    Map<String, String> rawConfig() {
        return rawConfig;
    }

    TargetState target() {
        return target;
    }

    boolean isSink() {
        return plugin.kind() == PluginKind.SINK_CONNECTOR;
    }

    String type() {
        return plugin.kind().restType();
    }

    List<Map<String, String>> taskConfigs() {
        return taskConfigs;
    }

    List<TaskId> taskIds() {
        List<TaskId> ids = new ArrayList<>();
        for (int i = 0; i < taskConfigs.size(); i++) {
            ids.add(new TaskId(name, i));
        }
        return ids;
    }

    /**
     * Shows an alteration of source offsets to a fresh instance of the connector (it is stopped).
     *
     * @return what its {@code alterOffsets} returned
     * @throws InvalidRequestException if it refuses them
     */
    boolean alterSourceOffsets(Map<Map<String, Object>, Map<String, Object>> offsets) {
        Map<Map<String, ?>, Map<String, ?>> view = new HashMap<>(offsets);
        return withConnectorInstance(c -> ((SourceConnector) c).alterOffsets(providers.transform(rawConfig), view));
    }

    /** Shows an alteration of sink offsets (null: removed) to a fresh instance of the connector; see {@link #alterSourceOffsets}. */
    boolean alterSinkOffsets(Map<TopicPartition, Long> offsets) {
        Map<TopicPartition, Long> view = new HashMap<>(offsets);
        return withConnectorInstance(c -> ((SinkConnector) c).alterOffsets(providers.transform(rawConfig), view));
    }

    @SuppressWarnings("try")
    private boolean withConnectorInstance(java.util.function.Predicate<Connector> action) {
        Connector instance = env.plugins().newInstance(plugin, Connector.class);
        try (LoaderSwap swap = LoaderSwap.to(plugin.loader())) {
            return action.test(instance);
        } catch (RuntimeException e) {
            throw new InvalidRequestException("Connector " + name + " (" + plugin.className() + ") refused the offsets: "
                    + (e.getMessage() == null ? e.toString() : e.getMessage()), e);
        }
    }

    /** Brings the connector to its target state (with {@code schedule.cron}: its tasks wait for a firing). */
    void start() {
        if (config.scheduleCron() != null) {
            try {
                schedules.schedule(this, config.scheduleCron(), config.scheduleIdleMs());
            } catch (ConnectException e) {
                env.statuses().putConnector(name, State.FAILED, e);
                log.error(e.getMessage());
                return;
            }
        }
        switch (target) {
            case STARTED -> {
                if (startConnector()) {
                    updateTasks();
                }
            }
            case PAUSED -> env.statuses().putConnector(name, State.PAUSED, null);
            case STOPPED -> env.statuses().putConnector(name, State.STOPPED, null);
        }
    }

    /** Moves to another target state. */
    void transitionTo(TargetState state) {
        if (state == target) {
            return;
        }
        TargetState previous = target;
        target = state;
        log.info("Connector {}: {} -> {}", name, previous, state);
        switch (state) {
            case STARTED -> {
                if (startConnector()) {
                    updateTasks();
                    tasks.forEach(t -> t.transitionTo(TargetState.STARTED));
                }
            }
            case PAUSED -> {
                stopConnector();
                tasks.forEach(t -> t.transitionTo(TargetState.PAUSED));
                env.statuses().putConnector(name, State.PAUSED, null);
            }
            case STOPPED -> {
                stopTasks();
                stopConnector();
                taskConfigs = List.of();
                env.statuses().putConnector(name, State.STOPPED, null);
            }
        }
    }

    /** Recomputes the task configurations (the connector asked); restarts the tasks if they changed. */
    void reconfigure() {
        if (target == TargetState.STARTED && connectorStarted) {
            updateTasks();
        }
    }

    /** Restarts the connector instance (not its tasks, unless its task configurations change). */
    void restartConnector() {
        stopConnector();
        if (target == TargetState.STARTED) {
            env.statuses().putConnector(name, State.RESTARTING, null);
            if (startConnector()) {
                updateTasks();
            }
        } else {
            start();
        }
    }

    /** Restarts one task with its current configuration. */
    void restartTask(int index) {
        if (index < 0 || index >= taskConfigs.size()) {
            throw new NotFoundException("Task " + name + "-" + index + " not found");
        }
        TaskRunner old = index < tasks.size() ? tasks.get(index) : null;
        if (old != null) {
            stopAndAwait(List.of(old));
        }
        env.statuses().putTask(new TaskId(name, index), State.RESTARTING, null);
        TaskRunner fresh = newTask(index, taskConfigs.get(index));
        if (index < tasks.size()) {
            tasks.set(index, fresh);
        }
        if (fresh != null) {
            fresh.start();
        }
    }

    /** Stops the tasks and the connector (the connector is deleted, replaced, or the worker shuts down). */
    void shutdown() {
        schedules.unschedule(name);
        stopTasks();
        stopConnector();
    }

    /** A firing of {@code schedule.cron}: the tasks run (unless the connector is paused or stopped). */
    @Override
    public void runScheduledTasks() {
        scheduleActive = true;
        if (target == TargetState.STARTED && connectorStarted) {
            updateTasks();
        }
    }

    /** The tasks were idle for {@code schedule.idle.ms}: they stop (offsets committed) and wait, UNASSIGNED, for the next firing. */
    @Override
    public void stopScheduledTasks() {
        scheduleActive = false;
        stopTasks(true);
    }

    @Override
    public long recordsPolled() {
        long polled = 0;
        for (TaskRunner task : tasks) {
            if (task != null) {
                polled += task.taskMetrics().recordsPolled();
            }
        }
        return polled;
    }

    private void markTasksWaiting() {
        for (int i = 0; i < taskConfigs.size(); i++) {
            env.statuses().putTask(new TaskId(name, i), State.UNASSIGNED, null);
        }
    }

    /** Asks every task to stop without waiting (the worker stops all connectors' tasks in parallel). */
    /** The worker shuts down: the tasks are told to stop as ones that come back after a restart. */
    void signalTasksToStop() {
        tasks.forEach(TaskRunner::stopForRestart);
    }

    @SuppressWarnings("try")
    private boolean startConnector() {
        if (connectorStarted) {
            return true;
        }
        try (LoaderSwap swap = LoaderSwap.to(plugin.loader())) {
            connector = env.plugins().newInstance(plugin, Connector.class);
            connectorMetrics = new TaskPluginMetrics(env.metrics(), name, null);
            connector.initialize(new Context(connectorMetrics));
            connector.start(AllowedPaths.of(env.worker()).inject(connector.config(), providers.transform(rawConfig)));
            connectorStarted = true;
            env.statuses().putConnector(name, State.RUNNING, null);
            log.info("Connector {} started ({})", name, plugin.className());
            return true;
        } catch (RuntimeException e) {
            env.statuses().putConnector(name, State.FAILED, e);
            log.error("Connector {} failed to start: {}", name, e.toString());
            closeMetrics();
            return false;
        }
    }

    @SuppressWarnings("try")
    private void stopConnector() {
        if (!connectorStarted) {
            return;
        }
        connectorStarted = false;
        try (LoaderSwap swap = LoaderSwap.to(plugin.loader())) {
            connector.stop();
        } catch (RuntimeException e) {
            log.warn("Connector {}: stop() failed: {}", name, e.toString());
        }
        closeMetrics();
    }

    private void closeMetrics() {
        if (connectorMetrics != null) {
            connectorMetrics.close();
            connectorMetrics = null;
        }
    }

    /** Asks the connector for its task configurations and (re)starts the tasks if they changed. */
    @SuppressWarnings("try")
    private void updateTasks() {
        List<Map<String, String>> generated;
        Class<? extends Task> taskClass;
        try (LoaderSwap swap = LoaderSwap.to(plugin.loader())) {
            taskClass = connector.taskClass();
            generated = connector.taskConfigs(config.tasksMax());
        } catch (RuntimeException e) {
            env.statuses().putConnector(name, State.FAILED, e);
            log.error("Connector {} failed to generate task configurations: {}", name, e.toString());
            return;
        }
        if (generated.size() > config.tasksMax()) {
            String message = "Connector " + name + " generated " + generated.size() + " task configurations, more than "
                    + ConnectorConfig.TASKS_MAX + "=" + config.tasksMax();
            if (config.tasksMaxEnforce()) {
                env.statuses().putConnector(name, State.FAILED, new ConnectException(message));
                log.error(message);
                stopTasks();
                return;
            }
            log.warn("{}; running them all ({}=false)", message, ConnectorConfig.TASKS_MAX_ENFORCE);
        }
        List<Map<String, String>> next = new ArrayList<>();
        for (Map<String, String> generatedConfig : generated) {
            Map<String, String> taskConfig = new HashMap<>(generatedConfig);
            taskConfig.put("task.class", taskClass.getName());
            if (isSink()) {
                copy(ConnectorConfig.TOPICS, taskConfig);
                copy(ConnectorConfig.TOPICS_REGEX, taskConfig);
            }
            next.add(taskConfig);
        }
        if (next.equals(taskConfigs) && tasks.size() == next.size()) {
            return;
        }
        if (!scheduleActive) {
            for (int i = next.size(); i < taskConfigs.size(); i++) {
                env.statuses().removeTask(new TaskId(name, i));
            }
            taskConfigs = List.copyOf(next);
            markTasksWaiting();
            return;
        }
        stopTasks();
        if (!isSink()) {
            try {
                SourceTaskRunners.fenceZombies(env, config, next.size());
            } catch (ConnectException e) {
                env.statuses().putConnector(name, State.FAILED, e);
                log.error("Connector {}: {}", name, e.getMessage());
                return;
            }
        }
        taskConfigs = List.copyOf(next);
        for (int i = 0; i < next.size(); i++) {
            TaskRunner runner = newTask(i, next.get(i));
            tasks.add(runner);
            if (runner != null) {
                runner.start();
            }
        }
        log.info("Connector {} runs {} tasks", name, next.size());
    }

    private void copy(String key, Map<String, String> taskConfig) {
        String value = rawConfig.get(key);
        if (value != null && !value.isBlank()) {
            taskConfig.put(key, value);
        }
    }

    /** Creates a task runner; a task that cannot be created is recorded FAILED and null returned. */
    @SuppressWarnings("try")
    private TaskRunner newTask(int index, Map<String, String> taskConfig) {
        TaskId id = new TaskId(name, index);
        try (LoaderSwap swap = LoaderSwap.to(plugin.loader())) {
            Class<? extends Task> taskClass = connector.taskClass();
            Task task = taskClass.getConstructor().newInstance();
            Map<String, String> resolved = providers.transform(taskConfig);
            TargetState initial = target == TargetState.PAUSED ? TargetState.PAUSED : TargetState.STARTED;
            if (task instanceof SourceTask source) {
                return SourceTaskRunners.create(id, source, env, config, resolved, plugin.loader(), initial);
            }
            if (task instanceof SinkTask sink) {
                return new SinkTaskRunner(id, sink, env, config, resolved, plugin.loader(), initial);
            }
            throw new ConnectException(taskClass.getName() + " is neither a SourceTask nor a SinkTask");
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : e;
            env.statuses().putTask(id, State.FAILED, cause);
            log.error("Task {} could not be created: {}", id, cause.toString());
            return null;
        }
    }

    private List<TaskRunner> runningTasks() {
        List<TaskRunner> running = new ArrayList<>();
        for (TaskRunner task : tasks) {
            if (task != null) {
                running.add(task);
            }
        }
        return running;
    }

    private void stopTasks() {
        stopTasks(false);
    }

    /**
     * Stops the tasks and waits for them; their statuses are forgotten or, when they wait for the next firing of
     * the schedule, go straight from RUNNING to UNASSIGNED (a reader never sees the tasks missing).
     */
    private void stopTasks(boolean waitForNextFiring) {
        stopAndAwait(runningTasks());
        if (waitForNextFiring) {
            markTasksWaiting();
        } else {
            for (int i = 0; i < tasks.size(); i++) {
                env.statuses().removeTask(new TaskId(name, i));
            }
        }
        tasks.clear();
    }

    private void stopAndAwait(List<TaskRunner> runners) {
        runners.forEach(TaskRunner::stop);
        long deadline = System.currentTimeMillis() + env.worker().taskShutdownTimeoutMs();
        for (TaskRunner runner : runners) {
            try {
                if (!runner.awaitStop(Math.max(0, deadline - System.currentTimeMillis()))) {
                    log.warn("Task {} did not stop within {} ms (task.shutdown.graceful.timeout.ms); abandoning it",
                            runner.id(), env.worker().taskShutdownTimeoutMs());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** What the connector may ask of the worker. */
    private final class Context implements SourceConnectorContext, SinkConnectorContext {
        private final PluginMetrics metrics;

        Context(PluginMetrics metrics) {
            this.metrics = metrics;
        }

        @Override
        public void requestTaskReconfiguration() {
            reconfigurationRequests.accept(name);
        }

        @Override
        public void raiseError(Exception e) {
            env.statuses().putConnector(name, State.FAILED, e);
            log.error("Connector {} raised an error: {}", name, e.toString());
        }

        @Override
        public PluginMetrics pluginMetrics() {
            return metrics;
        }

        @Override
        public OffsetStorageReader offsetStorageReader() {
            return SourceTaskRunners.connectorOffsets(env, config);
        }
    }
}

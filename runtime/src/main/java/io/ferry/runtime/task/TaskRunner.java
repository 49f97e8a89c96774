package io.ferry.runtime.task;

import io.ferry.runtime.config.ConnectorConfig;
import io.ferry.runtime.plugin.LoaderSwap;
import io.ferry.runtime.status.State;
import io.ferry.runtime.status.TaskId;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One task on its own thread: creates its resources, starts the task, runs its loop until it is
 * stopped or fails, and records its state in the status store (RUNNING, PAUSED, FAILED with the
 * stack trace). Subclasses supply the loop.
 *
 * <p>Threads: {@link #start}, {@link #transitionTo}, {@link #stop} and {@link #awaitStop} are
 * called by the worker; everything else runs on the task thread, whose context class loader is
 * the connector's plugin loader.
 */
public abstract class TaskRunner implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(TaskRunner.class);

    protected final TaskId id;
    protected final TaskEnvironment env;
    protected final ConnectorConfig connectorConfig;
    protected final Map<String, String> taskConfig;
    /** What the task has done (records, errors, commits, lag). */
    protected final TaskMetrics taskMetrics;
    private final ClassLoader loader;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private volatile boolean stoppingForRestart;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile TargetState target;
    private volatile Throwable failure;
    private Thread thread;

    protected TaskRunner(TaskId id, TaskEnvironment env, ConnectorConfig connectorConfig, Map<String, String> taskConfig,
                         ClassLoader loader, TargetState initial, String type) {
        this.id = id;
        this.taskMetrics = new TaskMetrics(id, type);
        this.env = env;
        this.connectorConfig = connectorConfig;
        this.taskConfig = Map.copyOf(taskConfig);
        this.loader = loader;
        this.target = initial;
    }

    public TaskId id() {
        return id;
    }

    public Map<String, String> taskConfig() {
        return taskConfig;
    }

    /** Starts the task thread. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("Task " + id + " already started");
        }
        env.statuses().putTask(id, State.UNASSIGNED, null);
        thread = new Thread(this, "task-" + id);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    @SuppressWarnings("try")
    public final void run() {
        env.taskMetrics().register(taskMetrics);
        try (LoaderSwap swap = LoaderSwap.to(loader)) {
            try {
                initializeAndStart();
                log.info("Task {} started", id);
                while (!isStopping()) {
                    iteration();
                }
            } catch (Throwable t) {
                fail(t);
            } finally {
                closeQuietly();
            }
        } finally {
            if (failure == null) {
                log.info("Task {} stopped", id);
            }
            finished.countDown();
            if (isStopping()) {
                env.taskMetrics().unregister(taskMetrics);
            }
        }
    }

    private void fail(Throwable t) {
        failure = t;
        if (isStopping() && (t instanceof InterruptedException || t instanceof WakeupException)) {
            return;
        }
        env.statuses().putTask(id, State.FAILED, t);
        taskMetrics.failed();
        log.error("Task {} failed: {} (the stack trace is in the task status)", id, describe(t));
        log.debug("Task {} failure", id, t);
    }

    private void closeQuietly() {
        try {
            close();
        } catch (Throwable t) {
            log.warn("Task {} did not close cleanly: {}", id, describe(t));
        }
    }

    /** Creates the task's resources and starts it; then the status is RUNNING (or PAUSED). */
    protected abstract void initializeAndStart() throws Exception;

    /** One turn of the task's loop. */
    protected abstract void iteration() throws Exception;

    /** Stops the task and releases its resources, on the task thread, after the loop (or a failure). */
    protected abstract void close() throws Exception;

    /** Interrupts a blocking call of the loop (the consumer's poll), so a state change is seen at once. */
    protected void wakeup() {
    }

    /** Records RUNNING or PAUSED, as the target state says. */
    protected final void markStarted() {
        env.statuses().putTask(id, target == TargetState.PAUSED ? State.PAUSED : State.RUNNING, null);
    }

    /** Records RUNNING or PAUSED after a transition. */
    protected final void markState(State state) {
        if (failure == null && !isStopping()) {
            env.statuses().putTask(id, state, null);
        }
    }

    protected final boolean isStopping() {
        return stopRequested.getCount() == 0;
    }

    protected final boolean isPaused() {
        return target == TargetState.PAUSED;
    }

    /** Waits until the task is resumed or stopped, at most {@code millis}. */
    protected final void awaitChange(long millis) throws InterruptedException {
        lock.lock();
        try {
            if (isPaused() && !isStopping()) {
                changed.await(millis, TimeUnit.MILLISECONDS);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits {@code millis} unless the task is stopped first.
     *
     * @return true if the whole time passed, false if the task is stopping
     */
    protected final boolean sleepUnlessStopped(long millis) throws InterruptedException {
        return !stopRequested.await(millis, TimeUnit.MILLISECONDS);
    }

    /** Pauses or resumes the task (STOPPED is handled by the connector: it stops its tasks). */
    public void transitionTo(TargetState state) {
        lock.lock();
        try {
            target = state;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        wakeup();
    }

    /** Asks the task to stop; returns at once. */
    public void stop() {
        stopRequested.countDown();
        stopAndWakeUp();
    }

    /**
     * Asks the task to stop because the worker shuts down (it is expected back after a restart); returns at once.
     * A sink task then stays in its consumer group, so that its restarted instance takes its partitions back at once.
     */
    public void stopForRestart() {
        stoppingForRestart = true;
        stop();
    }

    /** Whether the stop is a worker shutdown (see {@link #stopForRestart()}). */
    protected final boolean stoppingForRestart() {
        return stoppingForRestart;
    }

    private void stopAndWakeUp() {
        if (isFinished()) {
            // A failed task keeps its metrics until it is stopped (run() unregisters those of a stopping task).
            env.taskMetrics().unregister(taskMetrics);
        }
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        wakeup();
    }

    /**
     * Waits for the task thread to end.
     *
     * @return whether it ended within {@code millis}
     */
    public boolean awaitStop(long millis) throws InterruptedException {
        return finished.await(millis, TimeUnit.MILLISECONDS);
    }

    /** Whether the task thread has ended. */
    public boolean isFinished() {
        return finished.getCount() == 0;
    }

    /** What the task has done. */
    public TaskMetrics taskMetrics() {
        return taskMetrics;
    }

    /** The failure that ended the task, or null. */
    public Throwable failure() {
        return failure;
    }

    /** The exception and its causes on one line. */
    protected static String describe(Throwable t) {
        StringBuilder text = new StringBuilder(String.valueOf(t));
        Throwable cause = t.getCause();
        for (int depth = 0; cause != null && depth < 5; depth++, cause = cause.getCause()) {
            text.append(" caused by ").append(cause);
        }
        return text.toString();
    }
}

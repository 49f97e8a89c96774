package io.ferry.runtime.schedule;

import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.kafka.connect.errors.ConnectException;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDataMap;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs connectors on a {@code schedule.cron}, as NiFi's CRON-driven scheduling strategy does: at
 * each firing (a Quartz cron trigger) the connector's tasks start; once they have polled or
 * consumed nothing for {@code schedule.idle.ms} they are stopped (their offsets committed) until
 * the next firing. A firing while the tasks still run only keeps them running. Firings missed
 * while Ferry was down are not made up for.
 *
 * <p>Quartz is created on the first {@link #schedule} (a worker without schedules never starts
 * it) and kept inside this package. Every call into a {@link ScheduledConnector} holds
 * {@code lock} (the worker), so firings and idle checks are serialised with the worker's
 * operations. Thread-safe.
 */
public final class ConnectorScheduler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConnectorScheduler.class);
    private static final String SCHEDULER_KEY = "ferry.scheduler";

    /** One scheduled connector and where it is in its schedule. */
    private static final class Entry {
        final ScheduledConnector connector;
        final String cron;
        final long idleMs;
        boolean active;
        long lastPolled;
        long lastProgressMs;
        Instant lastFiring;

        Entry(ScheduledConnector connector, String cron, long idleMs) {
            this.connector = connector;
            this.cron = cron;
            this.idleMs = idleMs;
        }
    }

    /** The Quartz job of every firing: tells the scheduler in its data map which connector fired. */
    public static final class Firing implements Job {
        @Override
        public void execute(JobExecutionContext context) {
            ConnectorScheduler scheduler = (ConnectorScheduler) context.getMergedJobDataMap().get(SCHEDULER_KEY);
            scheduler.fire(context.getJobDetail().getKey().getName());
        }
    }

    private final Object lock;
    private final LongSupplier clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private Scheduler quartz;
    private ScheduledExecutorService idleChecks;
    private volatile boolean closed;

    /** @param lock held while a connector is started or stopped (the worker, whose operations hold it too) */
    public ConnectorScheduler(Object lock) {
        this(lock, System::currentTimeMillis);
    }

    ConnectorScheduler(Object lock, LongSupplier clock) {
        this.lock = lock;
        this.clock = clock;
    }

    /**
     * Schedules a connector (replacing its earlier schedule); its tasks wait for the first firing.
     *
     * @param cron   a Quartz cron expression (checked at validation)
     * @param idleMs how long the tasks may poll nothing before they stop
     * @throws ConnectException if Quartz refuses the schedule
     */
    public synchronized void schedule(ScheduledConnector connector, String cron, long idleMs) {
        if (closed) {
            return;
        }
        unschedule(connector.name());
        try {
            Scheduler scheduler = quartz();
            JobDataMap data = new JobDataMap();
            data.put(SCHEDULER_KEY, this);
            JobDetail job = JobBuilder.newJob(Firing.class).withIdentity(connector.name()).usingJobData(data).build();
            CronTrigger trigger = TriggerBuilder.newTrigger().withIdentity(connector.name())
                    .withSchedule(CronScheduleBuilder.cronSchedule(cron).withMisfireHandlingInstructionDoNothing()).build();
            entries.put(connector.name(), new Entry(connector, cron, idleMs));
            scheduler.scheduleJob(job, trigger);
            log.info("Connector {} runs on schedule '{}' (idle after {} ms); first firing {}", connector.name(), cron, idleMs,
                    trigger.getNextFireTime());
        } catch (SchedulerException | RuntimeException e) {
            entries.remove(connector.name());
            throw new ConnectException("Cannot schedule connector " + connector.name() + " with '" + cron + "': " + e.getMessage(), e);
        }
    }

    /** Forgets a connector's schedule (it is deleted, replaced or the worker stops); nothing if it has none. */
    public synchronized void unschedule(String name) {
        if (entries.remove(name) != null && quartz != null) {
            try {
                quartz.deleteJob(new JobKey(name));
            } catch (SchedulerException e) {
                log.warn("Could not remove the schedule of connector {}: {}", name, e.toString());
            }
        }
    }

    /** Where the connector is in its schedule, or empty if it has none. */
    public Optional<ScheduleStatus> status(String name) {
        Entry entry = entries.get(name);
        if (entry == null) {
            return Optional.empty();
        }
        Instant next = null;
        try {
            Scheduler scheduler = quartz;
            Date fire = scheduler == null ? null : scheduler.getTrigger(new org.quartz.TriggerKey(name)).getNextFireTime();
            next = fire == null ? null : fire.toInstant();
        } catch (SchedulerException | RuntimeException e) {
            log.debug("No next firing of connector {}: {}", name, e.toString());
        }
        synchronized (lock) {
            return Optional.of(new ScheduleStatus(entry.cron, entry.idleMs, entry.active, entry.lastFiring, next));
        }
    }

    /** A firing of the connector's trigger: runs its tasks. */
    void fire(String name) {
        synchronized (lock) {
            Entry entry = entries.get(name);
            if (entry == null || closed) {
                return;
            }
            entry.lastFiring = Instant.ofEpochMilli(clock.getAsLong());
            if (!entry.active) {
                log.info("Connector {}: schedule fired, running its tasks until they are idle for {} ms", name, entry.idleMs);
                entry.active = true;
                entry.lastProgressMs = clock.getAsLong();
                entry.connector.runScheduledTasks();
                entry.lastPolled = entry.connector.recordsPolled();
            }
        }
    }

    /** Stops the tasks of every active connector that has polled nothing for its idle time. */
    void checkIdle() {
        synchronized (lock) {
            long now = clock.getAsLong();
            for (Entry entry : entries.values()) {
                if (!entry.active || closed) {
                    continue;
                }
                long polled = entry.connector.recordsPolled();
                if (polled != entry.lastPolled) {
                    entry.lastPolled = polled;
                    entry.lastProgressMs = now;
                } else if (now - entry.lastProgressMs >= entry.idleMs) {
                    log.info("Connector {}: nothing new for {} ms, stopping its tasks until the schedule fires again",
                            entry.connector.name(), entry.idleMs);
                    entry.active = false;
                    entry.connector.stopScheduledTasks();
                }
            }
        }
    }

    private Scheduler quartz() throws SchedulerException {
        if (quartz == null) {
            Properties props = new Properties();
            props.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, "ferry-schedules-" + UUID.randomUUID());
            props.setProperty(StdSchedulerFactory.PROP_JOB_STORE_CLASS, "org.quartz.simpl.RAMJobStore");
            props.setProperty("org.quartz.threadPool.threadCount", "1");
            props.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
            props.setProperty("org.quartz.scheduler.makeSchedulerThreadDaemon", "true");
            Scheduler scheduler = new StdSchedulerFactory(props).getScheduler();
            scheduler.start();
            quartz = scheduler;
            idleChecks = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "ferry-schedule-idle-checks");
                thread.setDaemon(true);
                return thread;
            });
            idleChecks.scheduleWithFixedDelay(this::checkIdleQuietly, 100, 100, TimeUnit.MILLISECONDS);
        }
        return quartz;
    }

    private void checkIdleQuietly() {
        try {
            checkIdle();
        } catch (RuntimeException e) {
            log.warn("Schedule idle check failed: {}", e.toString());
        }
    }

    /** Stops Quartz (without waiting for a firing in progress: it may wait for the worker's lock). */
    @Override
    public synchronized void close() {
        closed = true;
        entries.clear();
        if (idleChecks != null) {
            idleChecks.shutdownNow();
        }
        if (quartz != null) {
            try {
                quartz.shutdown(false);
            } catch (SchedulerException e) {
                log.warn("Stopping Quartz failed: {}", e.toString());
            }
        }
    }
}

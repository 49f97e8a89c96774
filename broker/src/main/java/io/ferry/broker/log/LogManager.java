package io.ferry.broker.log;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns every partition log under the broker's log directories. Each directory is locked ({@value #LOCK_FILE}) for
 * the life of the manager; a clean shutdown leaves {@value #CLEAN_SHUTDOWN_FILE} in it, which lets the next start
 * skip validating data (the marker is removed as soon as it has been read, before anything can be written).
 */
public final class LogManager implements Closeable {

    public static final String LOCK_FILE = ".lock";
    public static final String CLEAN_SHUTDOWN_FILE = ".ferry-clean-shutdown";
    static final long FLUSH_CHECK_INTERVAL_MS = 1_000L;
    static final long CHECKPOINT_INTERVAL_MS = 10_000L;
    static final long COMPACTION_INTERVAL_MS = 15_000L;
    private static final String DELETE_SUFFIX = "-delete";
    private static final Logger LOG = LoggerFactory.getLogger(LogManager.class);

    /** A task run on every log. */
    private interface LogTask {
        void run(FileLog log, long nowMs) throws IOException;
    }

    private final List<Path> dirs;
    private final Time time;
    private final Map<Path, FileChannel> lockChannels = new LinkedHashMap<>();
    private final Set<Path> cleanDirs = new HashSet<>();
    private final Map<TopicPartition, FileLog> logs = new ConcurrentHashMap<>();
    private final List<ScheduledFuture<?>> tasks = new CopyOnWriteArrayList<>();
    private final Object createLock = new Object();
    private volatile ScheduledExecutorService scheduler;
    private volatile ScheduledExecutorService cleaner;
    private volatile boolean loaded;
    private volatile boolean closed;

    /**
     * Creates and locks the log directories and notes which were shut down cleanly.
     *
     * @throws IllegalStateException if another process (or another manager) holds a directory's lock
     */
    public LogManager(List<Path> logDirs, Time time) throws IOException {
        if (logDirs.isEmpty()) {
            throw new IllegalArgumentException("At least one log directory is required");
        }
        this.time = time;
        List<Path> absolute = new ArrayList<>();
        for (Path d : logDirs) {
            absolute.add(d.toAbsolutePath().normalize());
        }
        this.dirs = List.copyOf(absolute);
        try {
            for (Path dir : dirs) {
                Files.createDirectories(dir);
                lock(dir);
            }
            for (Path dir : dirs) {
                Path marker = dir.resolve(CLEAN_SHUTDOWN_FILE);
                if (Files.deleteIfExists(marker)) {
                    LogFiles.fsyncDirectory(dir);
                    cleanDirs.add(dir);
                }
            }
        } catch (IOException | RuntimeException e) {
            releaseLocks();
            throw e;
        }
    }

    private void lock(Path dir) throws IOException {
        Path file = dir.resolve(LOCK_FILE);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IllegalStateException("Log directory " + dir + " is in use by another Ferry broker: could not "
                    + "lock " + file);
        }
        lockChannels.put(dir, channel);
    }

    /**
     * Opens every partition log found in the log directories, in parallel. Directories left by a deletion that did
     * not finish are removed.
     *
     * @throws KafkaStorageException if a log cannot be opened, or a partition has logs in two directories
     */
    public Map<TopicPartition, PartitionLog> loadLogs(Function<TopicPartition, LogConfig> configs) {
        long started = System.nanoTime();
        Map<TopicPartition, Path> found = new HashMap<>();
        List<Path> leftovers = new ArrayList<>();
        for (Path dir : dirs) {
            try (Stream<Path> children = Files.list(dir)) {
                for (Path child : (Iterable<Path>) children.filter(Files::isDirectory).sorted()::iterator) {
                    String name = child.getFileName().toString();
                    if (name.endsWith(DELETE_SUFFIX)) {
                        leftovers.add(child);
                        continue;
                    }
                    TopicPartition tp = parse(name);
                    if (tp == null || logs.containsKey(tp)) {
                        continue;
                    }
                    Path other = found.put(tp, child);
                    if (other != null) {
                        throw new KafkaStorageException("Partition " + tp + " has a log in both " + other + " and "
                                + child);
                    }
                }
            } catch (IOException e) {
                throw new KafkaStorageException("Cannot list the log directory " + dir, e);
            }
        }
        List<Callable<FileLog>> jobs = new ArrayList<>();
        List<KafkaStorageException> failures = new CopyOnWriteArrayList<>();
        for (Map.Entry<TopicPartition, Path> e : found.entrySet()) {
            TopicPartition tp = e.getKey();
            Path partitionDir = e.getValue();
            boolean clean = cleanDirs.contains(partitionDir.getParent());
            jobs.add(() -> {
                try {
                    return FileLog.open(partitionDir, tp, configs.apply(tp), time, clean);
                } catch (IOException | RuntimeException ex) {
                    failures.add(new KafkaStorageException("Cannot load the log of " + tp + " from " + partitionDir
                            + ": " + ex, ex));
                    return null;
                }
            });
        }
        List<FileLog> loaded = new ArrayList<>(runAll(jobs));
        loaded.removeIf(java.util.Objects::isNull);
        if (!failures.isEmpty()) {
            for (FileLog log : loaded) {
                try {
                    log.close();
                } catch (IOException | RuntimeException ex) {
                    LOG.warn("Could not close the log of {}: {}", log.topicPartition(), ex.toString());
                }
            }
            throw failures.get(0);
        }
        Map<TopicPartition, PartitionLog> result = new HashMap<>();
        for (FileLog log : loaded) {
            logs.put(log.topicPartition(), log);
            result.put(log.topicPartition(), log);
        }
        for (Path leftover : leftovers) {
            deleteInBackground(leftover);
        }
        this.loaded = true;
        long unclean = found.values().stream().filter(p -> !cleanDirs.contains(p.getParent())).count();
        LOG.info("Loaded {} partition logs in {} ms ({} after an unclean shutdown)", loaded.size(),
                (System.nanoTime() - started) / 1_000_000, unclean);
        return Map.copyOf(result);
    }

    /** The partition named by a directory {@code <topic>-<partition>}, or null for any other name. */
    static TopicPartition parse(String name) {
        int dash = name.lastIndexOf('-');
        if (dash <= 0 || dash == name.length() - 1) {
            return null;
        }
        String digits = name.substring(dash + 1);
        for (int i = 0; i < digits.length(); i++) {
            if (!Character.isDigit(digits.charAt(i))) {
                return null;
            }
        }
        try {
            return new TopicPartition(name.substring(0, dash), Integer.parseInt(digits));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The log of {@code tp}, created in the log directory holding the fewest partitions if it does not exist. */
    public PartitionLog getOrCreate(TopicPartition tp, LogConfig config) throws IOException {
        synchronized (createLock) {
            if (closed) {
                throw new IllegalStateException("The log manager is closed");
            }
            FileLog existing = logs.get(tp);
            if (existing != null) {
                return existing;
            }
            Map<Path, Integer> counts = new HashMap<>();
            for (Path d : dirs) {
                counts.put(d, 0);
            }
            for (FileLog log : logs.values()) {
                counts.merge(log.dir().getParent(), 1, Integer::sum);
            }
            Path dir = dirs.stream().min(Comparator.comparingInt(counts::get)).orElseThrow();
            Path partitionDir = FileLog.partitionDir(dir, tp);
            boolean existed = Files.exists(partitionDir);
            FileLog log = FileLog.open(partitionDir, tp, config, time, !existed || cleanDirs.contains(dir));
            logs.put(tp, log);
            LOG.debug("Created the log of {} in {}", tp, dir);
            return log;
        }
    }

    /** The log directories, absolute and normalised, in configuration order. */
    public List<Path> dirs() {
        return dirs;
    }

    public Optional<PartitionLog> get(TopicPartition tp) {
        return Optional.ofNullable(logs.get(tp));
    }

    /** Every open log. */
    public Map<TopicPartition, PartitionLog> all() {
        return Map.copyOf(logs);
    }

    /** Closes the log of {@code tp}, renames its directory to {@code <name>.<uuid>-delete} and removes it later. */
    public void delete(TopicPartition tp) {
        FileLog log;
        synchronized (createLock) {
            log = logs.remove(tp);
        }
        if (log == null) {
            return;
        }
        try {
            deleteInBackground(log.renameForDeletion());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete the log of " + tp, e);
        }
    }

    private void deleteInBackground(Path dir) {
        Runnable task = () -> {
            try {
                LogFiles.deleteRecursively(dir);
                LOG.debug("Removed deleted log directory {}", dir);
            } catch (IOException e) {
                LOG.warn("Could not remove deleted log directory {}: {}", dir, e.toString());
            }
        };
        ScheduledExecutorService s = scheduler;
        try {
            if (s != null) {
                s.execute(task);
                return;
            }
        } catch (RejectedExecutionException e) {
            // shutting down: fall through
        }
        Thread t = new Thread(task, "ferry-log-delete");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Schedules the periodic work on {@code scheduler}: retention every {@code retentionCheckIntervalMs}, flushes
     * of rolled segments and of logs past {@code flush.ms} every second, checkpoints every 10 s. Compaction runs on
     * a thread of its own (it reads and rewrites whole segments) every 15 s.
     */
    public synchronized void startBackgroundTasks(ScheduledExecutorService scheduler,
                                                  long retentionCheckIntervalMs) {
        if (this.scheduler != null) {
            throw new IllegalStateException("Background tasks are already running");
        }
        this.scheduler = scheduler;
        this.cleaner = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ferry-log-cleaner");
            t.setDaemon(true);
            return t;
        });
        tasks.add(scheduler.scheduleWithFixedDelay(() -> forEachLog("retention",
                (log, now) -> log.enforceRetention(now)), retentionCheckIntervalMs, retentionCheckIntervalMs,
                TimeUnit.MILLISECONDS));
        tasks.add(scheduler.scheduleWithFixedDelay(() -> forEachLog("flush", FileLog::flushIfDue),
                FLUSH_CHECK_INTERVAL_MS, FLUSH_CHECK_INTERVAL_MS, TimeUnit.MILLISECONDS));
        tasks.add(scheduler.scheduleWithFixedDelay(() -> forEachLog("checkpoint",
                (log, now) -> log.writeCheckpoint(false)), CHECKPOINT_INTERVAL_MS, CHECKPOINT_INTERVAL_MS,
                TimeUnit.MILLISECONDS));
        tasks.add(cleaner.scheduleWithFixedDelay(() -> forEachLog("compaction", (log, now) -> log.compact(now)),
                COMPACTION_INTERVAL_MS, COMPACTION_INTERVAL_MS, TimeUnit.MILLISECONDS));
    }

    /** Runs one maintenance task on every log now (what the scheduled tasks do; also for tests and tools). */
    void runTask(String name) {
        switch (name) {
            case "retention" -> forEachLog(name, (log, now) -> log.enforceRetention(now));
            case "flush" -> forEachLog(name, FileLog::flushIfDue);
            case "checkpoint" -> forEachLog(name, (log, now) -> log.writeCheckpoint(false));
            case "compaction" -> forEachLog(name, (log, now) -> log.compact(now));
            default -> throw new IllegalArgumentException(name);
        }
    }

    private void forEachLog(String name, LogTask task) {
        for (FileLog log : logs.values()) {
            if (closed) {
                return;
            }
            try {
                task.run(log, time.milliseconds());
            } catch (KafkaStorageException e) {
                LOG.debug("Skipped {} of {}: {}", name, log.topicPartition(), e.getMessage());
            } catch (Exception e) {
                LOG.error("The {} task failed on the log of {}", name, log.topicPartition(), e);
            }
        }
    }

    /**
     * Stops the background tasks, flushes and closes every log, and marks each directory whose logs all closed
     * cleanly so that the next start skips recovery. Releases the directory locks.
     */
    @Override
    public void close() throws IOException {
        synchronized (createLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        for (ScheduledFuture<?> f : tasks) {
            f.cancel(false);
        }
        ScheduledExecutorService c = cleaner;
        if (c != null) {
            c.shutdown();
        }
        List<Callable<FileLog>> jobs = new ArrayList<>();
        Set<Path> failedDirs = ConcurrentHashMap.newKeySet();
        for (FileLog log : logs.values()) {
            jobs.add(() -> {
                try {
                    log.close();
                } catch (IOException | RuntimeException e) {
                    failedDirs.add(log.dir().getParent());
                    LOG.error("Could not close the log of {} cleanly: {}", log.topicPartition(), e.toString());
                }
                return log;
            });
        }
        runAll(jobs);
        awaitTermination(c);
        IOException failure = null;
        for (Path dir : dirs) {
            // A directory whose logs were never opened keeps whatever state it had: only mark it if it was clean.
            if (failedDirs.contains(dir) || !(loaded || cleanDirs.contains(dir))) {
                continue;
            }
            try {
                Files.newOutputStream(dir.resolve(CLEAN_SHUTDOWN_FILE)).close();
                LogFiles.fsyncDirectory(dir);
            } catch (IOException e) {
                failure = failure == null ? e : failure;
            }
        }
        releaseLocks();
        LOG.info("Closed {} partition logs", logs.size());
        if (failure != null) {
            throw failure;
        }
    }

    private static void awaitTermination(ScheduledExecutorService executor) {
        if (executor == null) {
            return;
        }
        try {
            executor.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void releaseLocks() {
        for (FileChannel ch : lockChannels.values()) {
            try {
                ch.close();
            } catch (IOException e) {
                LOG.warn("Could not release a log directory lock: {}", e.toString());
            }
        }
        lockChannels.clear();
    }

    /**
     * Runs jobs on a pool of up to 8 threads (opening and closing logs waits on the disk more than it computes) and
     * returns their results in order.
     */
    private static <T> List<T> runAll(List<Callable<T>> jobs) {
        if (jobs.isEmpty()) {
            return List.of();
        }
        int threads = Math.min(jobs.size(), 8);
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "ferry-log-loader");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<T>> futures = pool.invokeAll(jobs);
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaStorageException("Interrupted while opening or closing logs", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new KafkaStorageException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}

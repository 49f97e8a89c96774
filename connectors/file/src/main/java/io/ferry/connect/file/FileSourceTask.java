package io.ferry.connect.file;

import io.ferry.connect.file.source.CompletedAction;
import io.ferry.connect.file.source.DirectoryWatcher;
import io.ferry.connect.file.source.FileIdentity;
import io.ferry.connect.file.source.FileStreamOffsets;
import io.ferry.connect.file.source.FollowedFile;
import io.ferry.connect.file.source.Framing;
import io.ferry.connect.file.source.RecordMode;
import io.ferry.connect.file.source.SourcePosition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one file or a folder's files into records. Each {@link #poll} returns up to
 * {@code batch.size} records cut from large reads (after an idle poll {@value #FIRST_BATCH}, four times more
 * after each full poll); when nothing is new it waits up to
 * {@code poll.interval.ms} (woken by {@link #stop}) and returns null, so a worker that polls on a
 * schedule gets what is new at each firing. In directory mode a complete file's action (delete,
 * move) runs once the offsets stored by the worker cover the file's last record.
 */
public final class FileSourceTask extends SourceTask {

    /** Records per poll after an idle poll; each full poll allows four times more, up to {@code batch.size}. */
    static final int FIRST_BATCH = 1000;

    private static final Logger log = LoggerFactory.getLogger(FileSourceTask.class);

    /** A complete file waiting for its records to be acknowledged before its action runs. */
    private record Completion(FollowedFile file, long finalPosition, FileIdentity identity, boolean waitForOffsets) {
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final Map<Path, FollowedFile> files = new LinkedHashMap<>();
    private final Queue<Completion> pending = new ConcurrentLinkedQueue<>();
    private final Queue<Completion> ready = new ConcurrentLinkedQueue<>();
    /** The paths being taken up by the current scan (followed on their own). */
    private final Set<Path> discovering = new HashSet<>();
    private volatile boolean stopping;
    private FileSourceConfig config;
    private FollowedFile.Settings settings;
    private DirectoryWatcher watcher;
    private Path root;
    private AllowedRoots roots;
    /** Files of the folder skipped because they lead outside the allowed roots (each logged once). */
    private final Set<Path> refused = new HashSet<>();
    private CompletedAction action;
    private long nextScan;
    private int cursor;
    private int rampedBatch = FIRST_BATCH;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new FileSourceConfig(props);
        config.problems().throwIfAny("file source");
        roots = config.allowedRoots();
        RecordMode mode = config.recordMode();
        Framing framing = new Framing(mode, config.charset(), config.recordDelimiter());
        boolean directoryMode = config.directory() != null;
        root = directoryMode ? config.directory() : config.file().getParent();
        action = directoryMode ? config.completedAction() : CompletedAction.NONE;
        settings = new FollowedFile.Settings(framing, config.topic(), config.bufferBytes(), config.pollIntervalMs(),
                config.minAgeMs(), directoryMode || mode == RecordMode.FILE, config.headersEnabled(), root,
                directoryMode ? p -> files.containsKey(p) || discovering.contains(p) : null);
        try {
            if (directoryMode) {
                watcher = new DirectoryWatcher(root, config.glob(), config.recursive(),
                        action == CompletedAction.MOVE ? config.completedDirectory() : null);
                log.info("Reading files matching {} in {}{} into topic {}", config.glob(), root,
                        config.recursive() ? " and its subfolders" : "", config.topic());
            } else {
                Path file = config.file();
                FollowedFile followed = new FollowedFile(file, settings);
                followed.open(storedPosition(file));
                files.put(file, followed);
                log.info("Reading {} into topic {}", file, config.topic());
            }
        } catch (IOException e) {
            closeFiles();
            throw new ConnectException("Cannot open " + (directoryMode ? config.directory() : config.file()) + ": " + e, e);
        }
    }

    /** The stored position of a single file, or FileStream's converted to bytes. */
    private SourcePosition storedPosition(Path file) throws IOException {
        OffsetStorageReader reader = context.offsetStorageReader();
        SourcePosition stored = SourcePosition.fromMap(reader.offset(SourcePosition.partition(file.toString())));
        if (stored != null) {
            return stored;
        }
        String configured = config.getString(FileSourceConfig.FILE).trim();
        long chars = FileStreamOffsets.characters(reader.offset(FileStreamOffsets.partition(configured)));
        if (chars < 0 || !config.charset().equals(StandardCharsets.UTF_8)) {
            return null;
        }
        long bytes = FileStreamOffsets.bytePosition(file, chars);
        if (bytes < 0) {
            log.warn("FileStreamSource's offset for {} ({} characters) is beyond the file; reading it from the start", file, chars);
            return null;
        }
        BasicFileAttributes attributes = FileIdentity.attributes(file);
        log.info("Taking over FileStreamSource's offset for {}: {} characters = byte {}", file, chars, bytes);
        return new SourcePosition(bytes, new FileIdentity(FileIdentity.keyOf(attributes), 0, 0), 0, null);
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            if (stopping) {
                return null;
            }
            List<SourceRecord> records = collect();
            if (records.isEmpty()) {
                wake.await(config.pollIntervalMs(), TimeUnit.MILLISECONDS);
                if (stopping) {
                    return null;
                }
                records = collect();
            }
            return records.isEmpty() ? null : records;
        } catch (IOException e) {
            if (stopping) {
                return null;
            }
            throw new ConnectException("Reading " + (watcher != null ? config.directory() : config.file()) + " failed: " + e, e);
        } finally {
            lock.unlock();
        }
    }

    private List<SourceRecord> collect() throws IOException {
        long now = System.currentTimeMillis();
        int max = Math.min(rampedBatch, config.batchSize());
        List<SourceRecord> records = new ArrayList<>(Math.min(max, 4096));
        runReadyCompletions();
        if (watcher != null && now >= nextScan) {
            scan();
            nextScan = now + config.pollIntervalMs();
        }
        List<FollowedFile> list = new ArrayList<>(files.values());
        int n = list.size();
        for (int i = 0; i < n && records.size() < max; i++) {
            FollowedFile file = list.get((cursor + i) % n);
            file.poll(records, max, now);
            if (watcher != null) {
                afterDirectoryPoll(file);
            }
        }
        cursor = n == 0 ? 0 : (cursor + 1) % n;
        // Slow start: after an idle spell the first records go out in a small batch (the first line reaches Kafka
        // sooner: with transaction.boundary=poll each poll is one transaction), then batches grow to batch.size.
        rampedBatch = records.isEmpty() ? FIRST_BATCH : records.size() >= max ? Math.min(max * 4, config.batchSize()) : rampedBatch;
        return records;
    }

    private void afterDirectoryPoll(FollowedFile file) {
        if (file.state() == FollowedFile.State.GONE) {
            file.close();
            files.remove(file.path());
            return;
        }
        if (!file.readyToComplete()) {
            return;
        }
        if (action == CompletedAction.NONE) {
            file.release();
            return;
        }
        file.beginCompleting();
        Completion completion = new Completion(file, file.position(), file.identity(), file.emittedAny());
        (completion.waitForOffsets() ? pending : ready).add(completion);
    }

    private void scan() throws IOException {
        DirectoryWatcher.Changes changes = watcher.scan();
        for (Path deleted : changes.deleted()) {
            FollowedFile file = files.get(deleted);
            if (file != null && file.state() != FollowedFile.State.COMPLETING) {
                file.markDirty();
            }
        }
        List<Path> created = new ArrayList<>();
        for (Path changed : changes.changed()) {
            FollowedFile file = files.get(changed);
            if (file != null) {
                file.markDirty();
            } else {
                created.add(changed); // skipped before (unreadable), or gone and back between two looks
            }
        }
        for (Path path : changes.created()) {
            FollowedFile file = files.get(path);
            if (file != null) {
                file.markDirty();
            } else {
                created.add(path);
            }
        }
        created.removeIf(this::outsideRoots);
        if (!created.isEmpty()) {
            discovering.addAll(created);
            try {
                follow(created);
            } finally {
                discovering.clear();
            }
        }
    }

    /** Whether a file of the folder is a link leading outside the allowed roots (skipped, logged once). */
    private boolean outsideRoots(Path path) {
        if (roots.allows(path)) {
            return false;
        }
        if (refused.add(path)) {
            log.warn("Skipping {}: it leads outside the folders this connector may use ({})", path, AllowedRoots.KEY);
        }
        return true;
    }

    /** Starts following new paths: at their stored positions, or where a renamed file had got to. */
    private void follow(List<Path> paths) throws IOException {
        // Besides the new paths themselves: the names they had before a numbered rotation
        // (app.log for app.log.1), whose stored offsets may be about these very files.
        Set<Path> names = new LinkedHashSet<>(paths);
        paths.forEach(p -> names.add(withoutRotationNumber(p)));
        List<Map<String, String>> partitions = new ArrayList<>();
        names.forEach(p -> partitions.add(SourcePosition.partition(p.toString())));
        Map<Map<String, String>, Map<String, Object>> offsets = context.offsetStorageReader().offsets(partitions);
        Map<Path, SourcePosition> stored = new LinkedHashMap<>();
        for (Path name : names) {
            stored.put(name, SourcePosition.fromMap(offsets == null ? null : offsets.get(SourcePosition.partition(name.toString()))));
        }
        for (Path path : paths) {
            BasicFileAttributes attributes = FileIdentity.attributes(path);
            if (attributes == null) {
                continue;
            }
            FollowedFile file = new FollowedFile(path, settings);
            FollowedFile owner = ownerOf(FileIdentity.keyOf(attributes), path);
            if (owner != null) {
                log.info("{} is a file {} reads already (renamed); not reading it twice", path, owner.path());
                file.aliasOf(owner);
            } else {
                try {
                    file.open(positionFor(path, attributes, stored));
                } catch (NoSuchFileException e) {
                    continue; // gone again already
                } catch (AccessDeniedException e) {
                    log.warn("Skipping {}: not readable (permissions); it is looked at again when it changes", path);
                    continue;
                }
            }
            files.put(path, file);
        }
    }

    /** {@code app.log} for {@code app.log.3}; the path itself otherwise. */
    private static Path withoutRotationNumber(Path path) {
        String name = path.getFileName().toString();
        String stripped = name.replaceFirst("\\.\\d+$", "");
        return stripped.isEmpty() || stripped.equals(name) ? path : path.resolveSibling(stripped);
    }

    private FollowedFile ownerOf(String fileKey, Path except) {
        for (FollowedFile file : files.values()) {
            if (!file.path().equals(except) && file.owns(fileKey)) {
                return file;
            }
        }
        return null;
    }

    /**
     * The path's own stored position if it is still about this file; otherwise the position another
     * path stored for this very file (it was renamed here while the connector was stopped).
     */
    private static SourcePosition positionFor(Path path, BasicFileAttributes attributes, Map<Path, SourcePosition> stored)
            throws IOException {
        SourcePosition own = stored.get(path);
        if (own != null && own.identity().matches(path, attributes)) {
            return own;
        }
        for (Map.Entry<Path, SourcePosition> other : stored.entrySet()) {
            SourcePosition position = other.getValue();
            if (other.getKey().equals(path) || position == null) {
                continue;
            }
            for (SourcePosition candidate : candidates(position)) {
                if (candidate.identity().matches(path, attributes) && attributes.size() >= candidate.position()) {
                    log.info("{} was {} when the connector stopped; resuming it at byte {}", path, other.getKey(), candidate.position());
                    return candidate;
                }
            }
        }
        return own;
    }

    private static Collection<SourcePosition> candidates(SourcePosition position) {
        List<SourcePosition> list = new ArrayList<>(2);
        list.add(new SourcePosition(position.position(), position.identity(), 0, null));
        if (position.previous() != null) {
            list.add(new SourcePosition(position.previous().position(), position.previous().identity(), 0, null));
        }
        return list;
    }

    /** Called by the worker after it stored offsets: complete files whose records are all stored become ready. */
    @Override
    public void commit() {
        if (pending.isEmpty()) {
            return;
        }
        OffsetStorageReader reader = context.offsetStorageReader();
        for (Completion completion : pending) {
            SourcePosition stored = SourcePosition.fromMap(reader.offset(completion.file().partition()));
            if (stored != null && stored.position() >= completion.finalPosition()
                    && stored.identity().key().equals(completion.identity().key())) {
                pending.remove(completion);
                ready.add(completion);
            }
        }
    }

    private void runReadyCompletions() {
        for (Completion completion = ready.poll(); completion != null; completion = ready.poll()) {
            FollowedFile file = completion.file();
            Path path = file.path();
            try {
                BasicFileAttributes attributes = FileIdentity.attributes(path);
                if (attributes == null) {
                    files.remove(path);
                    continue;
                }
                if (attributes.size() != completion.finalPosition() || !completion.identity().matches(path, attributes)) {
                    log.info("{} changed after it was complete; following it again", path);
                    file.resumeFollowing();
                    continue;
                }
                Path moved = action.apply(path, root, config.completedDirectory());
                files.remove(path);
                if (moved != null) {
                    log.info("Moved {} ({} bytes, all sent) to {}", path, completion.finalPosition(), moved);
                } else {
                    log.info("Deleted {} ({} bytes, all sent)", path, completion.finalPosition());
                }
            } catch (IOException e) {
                log.error("Cannot {} {} (completed.action): {}; the file stays and is not read again",
                        action.name().toLowerCase(Locale.ROOT), path, e.toString());
            }
        }
    }

    @Override
    public void stop() {
        stopping = true;
        lock.lock();
        try {
            wake.signalAll();
            closeFiles();
        } finally {
            lock.unlock();
        }
    }

    private void closeFiles() {
        files.values().forEach(FollowedFile::close);
        files.clear();
    }

    /** For tests: the files followed now. */
    Collection<FollowedFile> followed() {
        return files.values();
    }
}

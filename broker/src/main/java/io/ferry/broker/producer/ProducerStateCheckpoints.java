package io.ferry.broker.producer;

import io.ferry.broker.util.AtomicFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A partition's producer state saved each time its log rolls to a new segment, so that after an unclean shutdown the
 * state is rebuilt from the newest checkpoint plus the batches after it, not from the whole log (as Kafka's producer
 * snapshots do). A checkpoint {@code producer-state-<offset>.checkpoint} holds the state as of log end offset
 * {@code offset}. It is used only while {@code logStartOffset <= offset <= logEndOffset}: one beyond the log end (the
 * tail it covered was lost in the crash) is deleted when found, so it can never be applied to batches written later.
 * The two newest are kept.
 */
public final class ProducerStateCheckpoints {

    private static final Logger LOG = LoggerFactory.getLogger(ProducerStateCheckpoints.class);
    private static final Pattern NAME = Pattern.compile("producer-state-(\\d{20})\\.checkpoint");
    private static final int KEEP = 2;

    private ProducerStateCheckpoints() {
    }

    private record Checkpoint(long offset, Path file) {
    }

    /** Saves {@code state} as of {@code logEndOffset} and drops checkpoints no longer needed. */
    public static void write(Path dir, long logStartOffset, long logEndOffset, ProducerStateManager state) throws IOException {
        AtomicFiles.write(dir.resolve(String.format("producer-state-%020d.checkpoint", logEndOffset)),
                ProducerStateSnapshot.encode(logEndOffset, state));
        List<Checkpoint> all = list(dir);
        for (int i = 0; i < all.size(); i++) {
            if (i >= KEEP || all.get(i).offset() < logStartOffset) {
                ProducerStateSnapshot.deleteQuietly(all.get(i).file());
            }
        }
    }

    /**
     * Loads the newest usable checkpoint into {@code state}, deleting those that can no longer be used.
     *
     * @return the offset to replay the log from, or -1 if no checkpoint could be used (rebuild from the log start)
     */
    public static long load(Path dir, long logStartOffset, long logEndOffset, ProducerStateManager state) {
        List<Checkpoint> all;
        try {
            all = list(dir);
        } catch (IOException e) {
            LOG.warn("Cannot list producer state checkpoints in {}; rebuilding from the log: {}", dir, e.toString());
            return -1;
        }
        long loaded = -1;
        for (Checkpoint checkpoint : all) {
            if (checkpoint.offset() > logEndOffset || checkpoint.offset() < logStartOffset) {
                ProducerStateSnapshot.deleteQuietly(checkpoint.file());
                continue;
            }
            if (loaded >= 0) {
                continue; // an older one, kept in case the newer one is ever lost
            }
            try {
                byte[] content = Files.readAllBytes(checkpoint.file());
                if (ProducerStateSnapshot.offsetOf(content) != checkpoint.offset()) {
                    throw new IOException("it holds the state of another offset");
                }
                ProducerStateSnapshot.decode(content, state);
                loaded = checkpoint.offset();
            } catch (IOException e) {
                LOG.warn("Ignoring producer state checkpoint {} ({})", checkpoint.file(), e.getMessage());
                ProducerStateSnapshot.deleteQuietly(checkpoint.file());
            }
        }
        return loaded;
    }

    /** The checkpoints in {@code dir}, newest first. */
    private static List<Checkpoint> list(Path dir) throws IOException {
        List<Checkpoint> all = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "producer-state-*.checkpoint")) {
            for (Path file : files) {
                Matcher m = NAME.matcher(file.getFileName().toString());
                if (m.matches()) {
                    all.add(new Checkpoint(Long.parseLong(m.group(1)), file));
                }
            }
        }
        all.sort(Comparator.comparingLong(Checkpoint::offset).reversed());
        return all;
    }
}

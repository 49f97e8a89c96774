package io.ferry.testkit.conformance;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;

/**
 * The threads alive at one moment, to check later that every thread started since has ended. The JVM's own
 * lazily started threads (the common fork-join pool, which retires idle workers after a minute, the process
 * reaper, the attach listener) are not counted: a connector does not own them.
 */
final class ThreadBaseline {

    private static final Pattern JVM_THREADS = Pattern.compile(
            "ForkJoinPool\\.commonPool-worker-\\d+|process reaper|Attach Listener|Common-Cleaner|JFR .*|Notification Thread");

    private final Set<Long> alive;

    private ThreadBaseline(Set<Long> alive) {
        this.alive = alive;
    }

    /** The threads alive now. */
    static ThreadBaseline now() {
        return new ThreadBaseline(live().stream().map(Thread::getId).collect(Collectors.toSet()));
    }

    /** Threads alive now that were not at the baseline (the JVM's own excepted). */
    List<String> newThreads() {
        return live().stream().filter(t -> !alive.contains(t.getId()) && !JVM_THREADS.matcher(t.getName()).matches())
                .map(t -> t.getName() + (t.isDaemon() ? " (daemon)" : "")).sorted().toList();
    }

    /** Waits until no thread started since the baseline is alive, failing with their names after {@code deadline}. */
    void awaitReleased(Duration deadline, String what) {
        Awaitility.await(what + " releases the threads it started").atMost(deadline).pollInSameThread()
                .pollInterval(Duration.ofMillis(20)).until(this::newThreads, List::isEmpty);
    }

    private static List<Thread> live() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).toList();
    }
}

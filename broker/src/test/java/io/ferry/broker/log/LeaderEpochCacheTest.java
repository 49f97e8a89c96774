package io.ferry.broker.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeaderEpochCacheTest {

    @TempDir
    Path dir;

    private LeaderEpochCache cache() throws Exception {
        LeaderEpochCache c = LeaderEpochCache.load(dir, "t-0");
        c.assign(2, 10);
        c.assign(4, 20);
        c.assign(7, 35);
        return c;
    }

    @Test
    void endOffsetForEpochFollowsOffsetForLeaderEpochSemantics() throws Exception {
        LeaderEpochCache c = cache();
        long leo = 50;
        // The latest epoch ends at the log end.
        assertThat(c.endOffsetFor(7, leo)).isEqualTo(new EpochEndOffset(7, 50));
        // A known older epoch ends where the next one starts.
        assertThat(c.endOffsetFor(2, leo)).isEqualTo(new EpochEndOffset(2, 20));
        assertThat(c.endOffsetFor(4, leo)).isEqualTo(new EpochEndOffset(4, 35));
        // An unknown epoch between known ones: the largest known epoch below it, ending where the next starts.
        assertThat(c.endOffsetFor(3, leo)).isEqualTo(new EpochEndOffset(2, 20));
        assertThat(c.endOffsetFor(6, leo)).isEqualTo(new EpochEndOffset(4, 35));
        // Below every known epoch: the requested epoch, ending at the first known start.
        assertThat(c.endOffsetFor(1, leo)).isEqualTo(new EpochEndOffset(1, 10));
        // Above the latest, undefined, or an empty cache: undefined.
        assertThat(c.endOffsetFor(8, leo)).isEqualTo(EpochEndOffset.UNDEFINED);
        assertThat(c.endOffsetFor(-1, leo)).isEqualTo(EpochEndOffset.UNDEFINED);
        assertThat(LeaderEpochCache.load(dir.resolve("none"), "x").endOffsetFor(0, 5))
                .isEqualTo(EpochEndOffset.UNDEFINED);
    }

    @Test
    void epochsNeverGoBackwardsAndSurviveARestart() throws Exception {
        LeaderEpochCache c = cache();
        assertThat(c.assign(5, 40)).isFalse();
        assertThat(c.assign(7, 40)).isFalse();
        assertThat(c.latestEpoch()).isEqualTo(7);
        assertThat(LeaderEpochCache.load(dir, "t-0").entries()).isEqualTo(c.entries()).containsExactly(
                new LeaderEpochCache.Entry(2, 10), new LeaderEpochCache.Entry(4, 20), new LeaderEpochCache.Entry(7, 35));
        assertThat(dir.resolve(LeaderEpochCache.FILE_NAME + LogFiles.TMP_SUFFIX)).doesNotExist();
    }

    @Test
    void aNewerEpochStartingBeforeTheLatestReplacesTheConflictingEntries() throws Exception {
        LeaderEpochCache c = cache();
        c.assign(9, 30);
        assertThat(c.entries()).containsExactly(new LeaderEpochCache.Entry(2, 10), new LeaderEpochCache.Entry(4, 20),
                new LeaderEpochCache.Entry(9, 30));
    }

    @Test
    void truncationFromEitherEndIsPersisted() throws Exception {
        LeaderEpochCache c = cache();
        c.truncateFromEnd(20);
        assertThat(c.entries()).containsExactly(new LeaderEpochCache.Entry(2, 10));
        c.assign(4, 20);
        c.assign(7, 35);
        c.truncateFromStart(25);
        List<LeaderEpochCache.Entry> expected = List.of(new LeaderEpochCache.Entry(4, 25),
                new LeaderEpochCache.Entry(7, 35));
        assertThat(c.entries()).isEqualTo(expected);
        assertThat(LeaderEpochCache.load(dir, "t-0").entries()).isEqualTo(expected);
        c.truncateFromStart(5); // below the first entry: nothing changes
        assertThat(c.entries()).isEqualTo(expected);
    }

    @Test
    void anUnreadableCheckpointIsAnEmptyCache() throws Exception {
        Files.writeString(dir.resolve(LeaderEpochCache.FILE_NAME), "garbage\n3\n1 2\n");
        assertThat(LeaderEpochCache.load(dir, "t-0").latestEpoch()).isEqualTo(-1);
    }
}

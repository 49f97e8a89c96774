package io.ferry.broker.partition;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.ferry.broker.cluster.PartitionState;

/** ISR decisions of a leader: followers join on their own fetches only, never from what an old fetch said. */
class LeadershipTest {

    private static final long LAG = 2000;

    @Test
    void aFollowerThatStoppedFetchingIsNotTakenBackIntoTheIsr() {
        // Leader 1 with followers 2 and 3, both caught up at offset 10 at t=0, then frozen.
        Leadership lead = new Leadership(1, new PartitionState(0, 1, 0, List.of(1, 2, 3), List.of(1, 2, 3), 0), 0, 0);
        lead.followerFetched(2, 10, 10, 0);
        lead.followerFetched(3, 10, 10, 0);
        // Records 10 and 11 arrive and are never fetched: both followers lag, the leader drops them.
        PartitionState shrunk = lead.proposeIsrChange(10, 12, 5000, LAG, r -> true, -1);
        assertThat(shrunk.isr()).containsExactly(1);
        lead.committed(new PartitionState(0, 1, 0, List.of(1, 2, 3), List.of(1), 1));
        // The high watermark stays at 10 (below min.insync.replicas): the followers' old positions reach it, but
        // they fetched nothing since; the periodic check must not add them back.
        assertThat(lead.proposeIsrChange(10, 12, 6000, LAG, r -> true, -1)).isNull();
        assertThat(lead.maximalIsr()).containsExactly(1);
        // A fetch of follower 2 from the high watermark takes it back in.
        lead.followerFetched(2, 10, 12, 7000);
        assertThat(lead.proposeIsrChange(10, 12, 7000, LAG, r -> true, 2).isr()).containsExactly(1, 2);
    }
}

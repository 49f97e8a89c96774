package io.ferry.broker.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

import io.ferry.broker.zk.ZkData.LeaderAndIsr;

class LeaderRulesTest {

    private static LeaderAndIsr s(int leader, int epoch, Integer... isr) {
        return new LeaderAndIsr(leader, epoch, List.of(isr), 1);
    }

    @Test
    void initialStateNeedsALiveReplica() {
        assertThat(LeaderRules.initial(List.of(3, 1, 2), Set.of(1, 2), 4)).contains(new LeaderAndIsr(1, 0,
                List.of(1, 2), 4));
        assertThat(LeaderRules.initial(List.of(3), Set.of(1), 4)).isEmpty();
    }

    @Test
    void offlineElectionFollowsAssignmentOrderAmongLiveIsrMembers() {
        var change = LeaderRules.online(List.of(1, 2, 3), s(1, 4, 1, 3, 2), Set.of(2, 3), Set.of(), false, 7);
        assertThat(change.orElseThrow().state()).isEqualTo(new LeaderAndIsr(2, 5, List.of(3, 2), 7));
    }

    @Test
    void nothingToDoWhenEveryoneIsLive() {
        assertThat(LeaderRules.online(List.of(1, 2), s(1, 0, 1, 2), Set.of(1, 2), Set.of(), false, 1)).isEmpty();
    }

    @Test
    void theIsrIsNeverEmptied() {
        var change = LeaderRules.online(List.of(1, 2), s(1, 3, 1), Set.of(2), Set.of(), false, 1);
        assertThat(change.orElseThrow().state()).isEqualTo(new LeaderAndIsr(-1, 4, List.of(1), 1));
        // Offline already: no further change until an ISR member returns.
        assertThat(LeaderRules.online(List.of(1, 2), s(-1, 4, 1), Set.of(2), Set.of(), false, 1)).isEmpty();
        var unclean = LeaderRules.online(List.of(1, 2), s(-1, 4, 1), Set.of(2), Set.of(), true, 1).orElseThrow();
        assertThat(unclean.unclean()).isTrue();
        assertThat(unclean.state()).isEqualTo(new LeaderAndIsr(2, 5, List.of(2), 1));
    }

    @Test
    void preferredElectionOnlyToTheHeadInTheIsr() {
        assertThat(LeaderRules.preferred(List.of(1, 2), s(1, 0, 1, 2), Set.of(1, 2), Set.of(), 1).error())
                .isEqualTo(Errors.ELECTION_NOT_NEEDED);
        assertThat(LeaderRules.preferred(List.of(1, 2), s(2, 0, 2), Set.of(1, 2), Set.of(), 1).error())
                .isEqualTo(Errors.PREFERRED_LEADER_NOT_AVAILABLE);
        assertThat(LeaderRules.preferred(List.of(1, 2), s(2, 0, 2, 1), Set.of(1, 2), Set.of(), 1).state())
                .contains(new LeaderAndIsr(1, 1, List.of(2, 1), 1));
    }

    @Test
    void controlledShutdown() {
        assertThat(LeaderRules.shutdown(List.of(1, 2, 3), s(1, 0, 1, 2, 3), 1, Set.of(1, 2, 3), Set.of(1), 1))
                .contains(new LeaderAndIsr(2, 1, List.of(2, 3), 1));
        assertThat(LeaderRules.shutdown(List.of(1), s(1, 0, 1), 1, Set.of(1), Set.of(1), 1)).isEmpty();
        assertThat(LeaderRules.shutdown(List.of(2, 1), s(2, 0, 2, 1), 1, Set.of(1, 2), Set.of(1), 1))
                .contains(new LeaderAndIsr(2, 1, List.of(2), 1));
    }
}

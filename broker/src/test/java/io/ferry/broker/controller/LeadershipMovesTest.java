package io.ferry.broker.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.curator.framework.CuratorFramework;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.NotControllerException;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

class LeadershipMovesTest extends ControllerHarness {

    private final TopicPartition tp = new TopicPartition("t", 0);

    /** Topic t [1,2]: broker 1 dies and returns, then the leader (2) takes it back into the ISR. */
    private void preferredReplicaBackInIsr() throws Exception {
        CuratorFramework b1 = broker(1);
        broker(2);
        createTopic("t", Map.of(0, List.of(1, 2)));
        awaitState(tp, 1, 0, List.of(1, 2));
        b1.close();
        awaitState(tp, 2, 1, List.of(2));
        broker(1);
    }

    @Test
    void preferredElection() throws Exception {
        Controller c = activeController(9, NO_REBALANCE);
        preferredReplicaBackInIsr();
        assertThat(c.electPreferredLeaders(Set.of(tp)).get(10, TimeUnit.SECONDS))
                .containsEntry(tp, Errors.PREFERRED_LEADER_NOT_AVAILABLE);

        leaderChangesIsr(tp, List.of(2, 1));
        TopicPartition unknown = new TopicPartition("nope", 0);
        assertThat(c.electPreferredLeaders(Set.of(tp, unknown)).get(10, TimeUnit.SECONDS))
                .containsEntry(tp, Errors.NONE).containsEntry(unknown, Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(state(tp).orElseThrow()).satisfies(s -> {
            assertThat(s.leader()).isEqualTo(1);
            assertThat(s.leaderEpoch()).isEqualTo(2);
            assertThat(s.isr()).containsExactly(2, 1);
        });
        assertThat(c.electPreferredLeaders(Set.of(tp)).get(10, TimeUnit.SECONDS))
                .containsEntry(tp, Errors.ELECTION_NOT_NEEDED);
    }

    @Test
    void autoRebalanceMovesLeadershipBackToThePreferredReplica() throws Exception {
        activeController(9, NO_REBALANCE.withAutoLeaderRebalance(true, Duration.ofMillis(200)));
        preferredReplicaBackInIsr();

        leaderChangesIsr(tp, List.of(2, 1));

        awaitState(tp, 1, 2, List.of(2, 1));
    }

    @Test
    void uncleanElectionOnRequest() throws Exception {
        Controller c = activeController(9, NO_REBALANCE);
        CuratorFramework b1 = broker(1);
        broker(2);
        createTopic("t", Map.of(0, List.of(1, 2)));
        createTopic("u", Map.of(0, List.of(2, 1)));
        awaitState(tp, 1, 0, List.of(1, 2));
        leaderChangesIsr(tp, List.of(1));
        b1.close();
        awaitState(tp, -1, 1, List.of(1));

        TopicPartition led = new TopicPartition("u", 0);
        assertThat(c.electLeaders(ElectionType.UNCLEAN, Set.of(tp, led)).get(10, TimeUnit.SECONDS))
                .containsEntry(tp, Errors.NONE).containsEntry(led, Errors.ELECTION_NOT_NEEDED);
        assertThat(state(tp).orElseThrow().leader()).isEqualTo(2);
        assertThat(state(tp).orElseThrow().isr()).containsExactly(2);
    }

    @Test
    void controlledShutdownMovesLeadershipAway() throws Exception {
        Controller c = activeController(9, NO_REBALANCE);
        broker(1);
        broker(2);
        broker(3);
        createTopic("t", Map.of(0, List.of(1, 2, 3), 1, List.of(2, 1, 3), 2, List.of(3, 2, 1)));
        createTopic("single", Map.of(0, List.of(1)));
        awaitState(new TopicPartition("t", 0), s -> true);
        awaitState(new TopicPartition("t", 1), s -> true);
        awaitState(new TopicPartition("t", 2), s -> true);
        awaitState(new TopicPartition("single", 0), s -> true);

        Set<TopicPartition> stillLed = c.controlledShutdown(1).get(10, TimeUnit.SECONDS);

        assertThat(stillLed).containsExactly(new TopicPartition("single", 0));
        assertThat(state(new TopicPartition("t", 0)).orElseThrow()).satisfies(s -> {
            assertThat(s.leader()).isEqualTo(2);
            assertThat(s.leaderEpoch()).isEqualTo(1);
            assertThat(s.isr()).containsExactly(2, 3);
        });
        assertThat(state(new TopicPartition("t", 1)).orElseThrow().isr()).containsExactly(2, 3);
        assertThat(state(new TopicPartition("t", 2)).orElseThrow().isr()).containsExactly(3, 2);
        assertThat(state(new TopicPartition("t", 2)).orElseThrow().leader()).isEqualTo(3);
        // While broker 1 shuts down, a preferred election does not hand it leadership back.
        assertThat(c.electPreferredLeaders(Set.of(new TopicPartition("t", 0))).get(10, TimeUnit.SECONDS))
                .containsEntry(new TopicPartition("t", 0), Errors.PREFERRED_LEADER_NOT_AVAILABLE);
    }

    @Test
    void anInactiveControllerRefusesAdminRequests() throws Exception {
        activeController(1, NO_REBALANCE);
        Controller standby = controller(2, NO_REBALANCE);

        assertThatThrownBy(() -> standby.electPreferredLeaders(Set.of(tp)).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(NotControllerException.class);
        assertThatThrownBy(() -> standby.controlledShutdown(1).get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(NotControllerException.class);
    }
}

package io.ferry.broker.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.apache.curator.framework.CuratorFramework;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class BrokerFailureTest extends ControllerHarness {

    private final TopicPartition tp = new TopicPartition("t", 0);

    @Test
    void leaderDeathElectsTheNextInSyncReplica() throws Exception {
        CuratorFramework b1 = broker(1);
        broker(2);
        broker(3);
        activeController(9, NO_REBALANCE);
        createTopic("t", Map.of(0, List.of(1, 2, 3)));
        awaitState(tp, 1, 0, List.of(1, 2, 3));

        b1.close();

        awaitState(tp, 2, 1, List.of(2, 3));
    }

    @Test
    void followerRemovalSurvivesConcurrentIsrWritesOfTheLeader() throws Exception {
        broker(1);
        broker(2);
        CuratorFramework b3 = broker(3);
        activeController(9, NO_REBALANCE);
        createTopic("t", Map.of(0, List.of(1, 2, 3)));
        awaitState(tp, 1, 0, List.of(1, 2, 3));
        java.util.concurrent.atomic.AtomicInteger conflicts = new java.util.concurrent.atomic.AtomicInteger();
        Thread leader = new Thread(() -> {
            // The leader keeps rewriting its ISR (bumping the znode version) while the controller handles the death.
            for (int i = 0; i < 300; i++) {
                try {
                    leaderChangesIsr(tp, isr -> isr);
                } catch (org.apache.zookeeper.KeeperException.BadVersionException e) {
                    conflicts.incrementAndGet();
                } catch (Exception e) {
                    return;
                }
            }
        });
        leader.start();

        b3.close();

        awaitState(tp, 1, 1, List.of(1, 2));
        leader.join();
        assertThat(state(tp).orElseThrow().isr()).containsExactly(1, 2);
    }

    @Test
    void leaderDeathSkipsReplicasOutsideTheIsr() throws Exception {
        CuratorFramework b1 = broker(1);
        broker(2);
        broker(3);
        activeController(9, NO_REBALANCE);
        createTopic("t", Map.of(0, List.of(1, 2, 3)));
        awaitState(tp, 1, 0, List.of(1, 2, 3));
        leaderChangesIsr(tp, List.of(1, 3));

        b1.close();

        awaitState(tp, 3, 1, List.of(3));
    }

    @Test
    void followerDeathRemovesItFromTheIsr() throws Exception {
        broker(1);
        broker(2);
        CuratorFramework b3 = broker(3);
        activeController(9, NO_REBALANCE);
        createTopic("t", Map.of(0, List.of(1, 2, 3)));
        awaitState(tp, 1, 0, List.of(1, 2, 3));

        b3.close();

        awaitState(tp, 1, 1, List.of(1, 2));
    }

    @Test
    void lastIsrMemberKeepsItsPlaceAndLeadsAgainWhenItReturns() throws Exception {
        CuratorFramework b1 = broker(1);
        CuratorFramework b2 = broker(2);
        broker(8);
        activeController(9, NO_REBALANCE);
        createTopic("t", Map.of(0, List.of(1, 2)));
        awaitState(tp, 1, 0, List.of(1, 2));

        b2.close();
        awaitState(tp, 1, 1, List.of(1));
        b1.close();
        awaitState(tp, -1, 2, List.of(1));

        broker(2); // not in the ISR: it may not lead (unclean election is off)
        sync("probe", 8);
        assertThat(state(tp).orElseThrow()).satisfies(s -> {
            assertThat(s.leader()).isEqualTo(-1);
            assertThat(s.isr()).containsExactly(1);
        });

        broker(1);
        awaitState(tp, 1, 3, List.of(1));
    }

    @Test
    void uncleanElectionWhenTheTopicAllowsIt() throws Exception {
        CuratorFramework b1 = broker(1);
        broker(2);
        activeController(9, NO_REBALANCE);
        setTopicConfig("t", Map.of("unclean.leader.election.enable", "true"));
        createTopic("t", Map.of(0, List.of(1, 2)));
        awaitState(tp, 1, 0, List.of(1, 2));
        leaderChangesIsr(tp, List.of(1));

        b1.close();

        awaitState(tp, 2, 1, List.of(2));
    }

    @Test
    void noUncleanElectionByDefaultUntilTheTopicConfigAllowsIt() throws Exception {
        CuratorFramework b1 = broker(1);
        broker(2);
        activeController(9, NO_REBALANCE);
        createTopic("t", Map.of(0, List.of(1, 2)));
        awaitState(tp, 1, 0, List.of(1, 2));
        leaderChangesIsr(tp, List.of(1));

        b1.close();
        awaitState(tp, -1, 1, List.of(1));

        setTopicConfig("t", Map.of("unclean.leader.election.enable", "true"));
        awaitState(tp, 2, 2, List.of(2));
    }

    @Test
    void brokerDefaultAllowsUncleanElection() throws Exception {
        CuratorFramework b1 = broker(1);
        broker(2);
        activeController(9, NO_REBALANCE.withUncleanLeaderElection(true));
        createTopic("t", Map.of(0, List.of(1, 2)));
        awaitState(tp, 1, 0, List.of(1, 2));
        leaderChangesIsr(tp, List.of(1));

        b1.close();

        awaitState(tp, 2, 1, List.of(2));
    }

    @Test
    void topicConfigOverridesTheBrokerDefault() throws Exception {
        CuratorFramework b1 = broker(1);
        broker(2);
        activeController(9, NO_REBALANCE.withUncleanLeaderElection(true));
        setTopicConfig("t", Map.of("unclean.leader.election.enable", "false"));
        createTopic("t", Map.of(0, List.of(1, 2)));
        awaitState(tp, 1, 0, List.of(1, 2));
        leaderChangesIsr(tp, List.of(1));

        b1.close();

        awaitState(tp, -1, 1, List.of(1));
    }

    @Test
    void aBouncedLeaderIsHandledAsADeathThenAStartup() throws Exception {
        CuratorFramework b1 = broker(1);
        broker(2);
        broker(3);
        activeController(9, NO_REBALANCE);
        createTopic("t", Map.of(0, List.of(1, 2, 3)));
        awaitState(tp, 1, 0, List.of(1, 2, 3));

        bounce(1, b1);

        awaitState(tp, 2, 1, List.of(2, 3));
    }

    @Test
    void aNewControllerElectsLeadersForPartitionsWhoseLeaderDiedMeanwhile() throws Exception {
        CuratorFramework b1 = broker(1);
        broker(2);
        CuratorFramework c1 = newClient();
        controller(c1, 9, NO_REBALANCE);
        createTopic("t", Map.of(0, List.of(1, 2)));
        awaitState(tp, 1, 0, List.of(1, 2));
        c1.close();
        b1.close();

        activeController(8, NO_REBALANCE);

        ZkDataAssert.controllerEpoch(awaitState(tp, 2, 1, List.of(2)), 2);
    }

    /** Small helper keeping assertions on the deciding controller's epoch readable. */
    static final class ZkDataAssert {
        static void controllerEpoch(io.ferry.broker.zk.ZkData.LeaderAndIsr s, int epoch) {
            assertThat(s.controllerEpoch()).isEqualTo(epoch);
        }
    }
}

package io.ferry.broker.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.Test;

import io.ferry.broker.zk.ZkData;
import io.ferry.broker.zk.ZkPaths;

class ControllerElectionTest extends ControllerHarness {

    @Test
    void exactlyOneOfTwoIsActiveAndTheOtherTakesOverWhenItsSessionEnds() throws Exception {
        CuratorFramework s1 = newClient();
        CuratorFramework s2 = newClient();
        Controller c1 = controller(s1, 1, NO_REBALANCE);
        Controller c2 = controller(s2, 2, NO_REBALANCE);

        await().atMost(DEADLINE).until(() -> c1.isActive() || c2.isActive());
        Controller winner = c1.isActive() ? c1 : c2;
        Controller loser = winner == c1 ? c2 : c1;
        CuratorFramework winnerSession = winner == c1 ? s1 : s2;
        assertThat(loser.isActive()).isFalse();
        assertThat(winner.epoch()).isEqualTo(1);
        assertThat(controllerEpochZnode()).isEqualTo(1);
        assertThat(ZkData.decodeController(admin.getData().forPath(ZkPaths.CONTROLLER)))
                .isEqualTo(winner.brokerId());

        winnerSession.close(); // the winner's broker dies: its ephemeral /controller goes with its session

        await().atMost(DEADLINE).until(loser::isActive);
        assertThat(loser.epoch()).isEqualTo(2);
        assertThat(controllerEpochZnode()).isEqualTo(2);
        assertThat(ZkData.decodeController(admin.getData().forPath(ZkPaths.CONTROLLER)))
                .isEqualTo(loser.brokerId());
    }

    @Test
    void closeResignsAndDeletesItsControllerZnode() throws Exception {
        Controller c1 = activeController(1, NO_REBALANCE);
        Controller c2 = controller(2, NO_REBALANCE);
        assertThat(c2.isActive()).isFalse();

        c1.close();

        assertThat(c1.isActive()).isFalse();
        await().atMost(DEADLINE).until(c2::isActive);
        assertThat(c2.epoch()).isEqualTo(2);
        assertThat(ZkData.decodeController(admin.getData().forPath(ZkPaths.CONTROLLER))).isEqualTo(2);
    }

    @Test
    void continuesTheEpochFoundInZooKeeper() throws Exception {
        admin.create().forPath(ZkPaths.CONTROLLER_EPOCH, ZkData.encodeInt(41));
        Controller c = activeController(7, NO_REBALANCE);
        assertThat(c.epoch()).isEqualTo(42);
        assertThat(controllerEpochZnode()).isEqualTo(42);
        assertThat(new String(admin.getData().forPath(ZkPaths.CONTROLLER))).contains("\"brokerid\":7");
    }
}

package io.ferry.broker.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.Map;

import org.apache.curator.framework.CuratorFramework;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import io.ferry.broker.zk.ZkData;
import io.ferry.broker.zk.ZkPaths;

class ControllerFencingTest extends ControllerHarness {

    @Test
    void expiredControllerResignsAtOnceAndOnlyTheNextEpochDecides() throws Exception {
        CuratorFramework s1 = newClient();
        Controller old = controller(s1, 1, NO_REBALANCE);
        await().atMost(DEADLINE).until(old::isActive);
        Controller other = controller(2, NO_REBALANCE);
        broker(1);

        // The client learns its session expired (the server drops it only after the session timeout, so its
        // ephemeral /controller lingers meanwhile): it must stop acting as controller immediately.
        s1.getZookeeperClient().getZooKeeper().getTestable().injectSessionExpiration();
        await().atMost(DEADLINE).until(() -> !old.isActive());
        createTopic("t", Map.of(0, List.of(1)));

        // Once the server expires the old session, a controller of epoch 2 (either broker) takes over and decides.
        await().atMost(DEADLINE).until(() -> old.epoch() == 2 || other.epoch() == 2);
        assertThat(old.isActive() && other.isActive()).isFalse();
        assertThat(controllerEpochZnode()).isEqualTo(2);
        ZkData.LeaderAndIsr s = awaitState(new TopicPartition("t", 0), 1, 0, List.of(1));
        assertThat(s.controllerEpoch()).isEqualTo(2);
    }

    @Test
    void aWriteFailingTheEpochCheckMakesTheControllerResignWithoutWriting() throws Exception {
        Controller c = activeController(1, NO_REBALANCE);
        // A newer controller won behind this one's back: /controller_epoch moved on.
        admin.setData().forPath(ZkPaths.CONTROLLER_EPOCH, ZkData.encodeInt(5));

        broker(1);
        createTopic("t", Map.of(0, List.of(1)));

        await().atMost(DEADLINE).until(() -> !c.isActive());
        assertThat(c.epoch()).isEqualTo(-1);
        assertThat(admin.checkExists().forPath(ZkPaths.partitions("t"))).isNull();
        assertThat(controllerEpochZnode()).isEqualTo(5);
    }
}

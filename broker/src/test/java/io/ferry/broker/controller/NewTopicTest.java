package io.ferry.broker.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

import io.ferry.broker.zk.ZkData;
import io.ferry.broker.zk.ZkPaths;

class NewTopicTest extends ControllerHarness {

    @Test
    void createsStatesWithTheFirstReplicaAsLeaderAndAllInTheIsr() throws Exception {
        broker(1);
        broker(2);
        broker(3);
        activeController(1, NO_REBALANCE);

        createTopic("t", Map.of(0, List.of(2, 3, 1), 1, List.of(3, 1, 2)));

        TopicPartition p0 = new TopicPartition("t", 0);
        awaitState(p0, 2, 0, List.of(2, 3, 1));
        assertThat(stateJson(p0))
                .isEqualTo("{\"controller_epoch\":1,\"leader\":2,\"version\":1,\"leader_epoch\":0,\"isr\":[2,3,1]}");
        assertThat(awaitState(new TopicPartition("t", 1), 3, 0, List.of(3, 1, 2)).controllerEpoch()).isEqualTo(1);
    }

    @Test
    void onlyLiveReplicasAndTopicsThatExistedBeforeTheController() throws Exception {
        broker(1);
        broker(3);
        createTopic("t", Map.of(0, List.of(2, 3, 1)));

        activeController(1, NO_REBALANCE);

        awaitState(new TopicPartition("t", 0), 3, 0, List.of(3, 1));
    }

    @Test
    void waitsForALiveReplicaBeforeCreatingTheState() throws Exception {
        broker(1);
        activeController(1, NO_REBALANCE);
        createTopic("t", Map.of(0, List.of(4, 5)));
        sync("probe", 1);
        assertThat(state(new TopicPartition("t", 0))).isEmpty();

        broker(5);

        awaitState(new TopicPartition("t", 0), 5, 0, List.of(5));
    }

    @Test
    void addedPartitionsGetStates() throws Exception {
        broker(1);
        broker(2);
        activeController(1, NO_REBALANCE);
        createTopic("t", Map.of(0, List.of(1, 2)));
        awaitState(new TopicPartition("t", 0), 1, 0, List.of(1, 2));
        ZkData.TopicAssignment a = ZkData.TopicAssignment.decode(admin.getData().forPath(ZkPaths.topic("t")));

        admin.setData().forPath(ZkPaths.topic("t"), new ZkData.TopicAssignment(a.topicId(),
                Map.of(0, List.of(1, 2), 1, List.of(2, 1))).encode());

        awaitState(new TopicPartition("t", 1), 2, 0, List.of(2, 1));
        assertThat(state(new TopicPartition("t", 0)).orElseThrow().leaderEpoch()).isZero();
        assertThat(a.topicId()).isNotEqualTo(Uuid.ZERO_UUID);
    }
}

package io.ferry.broker.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import io.ferry.broker.zk.ZkPaths;

class TopicDeletionTest extends ControllerHarness {

    @Test
    void deletesStatesTopicConfigThenTheMarker() throws Exception {
        broker(1);
        broker(2);
        activeController(1, NO_REBALANCE);
        setTopicConfig("t", Map.of("retention.ms", "1000"));
        createTopic("t", Map.of(0, List.of(1, 2), 1, List.of(2, 1)));
        createTopic("kept", Map.of(0, List.of(1)));
        awaitState(new TopicPartition("t", 0), s -> true);
        awaitState(new TopicPartition("t", 1), s -> true);
        awaitState(new TopicPartition("kept", 0), s -> true);

        admin.create().creatingParentsIfNeeded().forPath(ZkPaths.deleteTopic("t"), new byte[0]);

        await().atMost(DEADLINE).until(() -> admin.checkExists().forPath(ZkPaths.deleteTopic("t")) == null);
        assertThat(admin.checkExists().forPath(ZkPaths.topic("t"))).isNull();
        assertThat(admin.checkExists().forPath(ZkPaths.topicConfig("t"))).isNull();
        assertThat(state(new TopicPartition("kept", 0))).isPresent();
    }

    @Test
    void deletesTopicsQueuedBeforeTheControllerStarted() throws Exception {
        broker(1);
        createTopic("t", Map.of(0, List.of(1)));
        admin.create().creatingParentsIfNeeded().forPath(ZkPaths.deleteTopic("t"), new byte[0]);

        activeController(1, NO_REBALANCE);

        await().atMost(DEADLINE).until(() -> admin.checkExists().forPath(ZkPaths.deleteTopic("t")) == null);
        assertThat(admin.checkExists().forPath(ZkPaths.topic("t"))).isNull();
    }
}

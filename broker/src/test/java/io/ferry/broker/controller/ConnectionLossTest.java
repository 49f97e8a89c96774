package io.ferry.broker.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.Map;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ConnectionLossTest extends ControllerHarness {

    @Test
    void aBriefConnectionLossKeepsTheControllerWhichResynchronises() throws Exception {
        CuratorFramework b1 = broker(1);
        broker(2);
        CuratorFramework session = newClient();
        java.util.Set<ConnectionState> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        session.getConnectionStateListenable().addListener((c, s) -> seen.add(s));
        Controller c = controller(session, 9, NO_REBALANCE);
        await().atMost(DEADLINE).until(c::isActive);
        TopicPartition tp = new TopicPartition("t", 0);
        createTopic("t", Map.of(0, List.of(1, 2)));
        awaitState(tp, 1, 0, List.of(1, 2));

        server.stop();
        await().atMost(DEADLINE).until(() -> seen.contains(ConnectionState.SUSPENDED));
        server.restart();
        await().atMost(DEADLINE).until(() -> seen.contains(ConnectionState.RECONNECTED));

        b1.close();

        awaitState(tp, 2, 1, List.of(2));
        assertThat(c.isActive()).isTrue();
        assertThat(c.epoch()).isEqualTo(1);
    }
}

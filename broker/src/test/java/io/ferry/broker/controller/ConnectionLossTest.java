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

    @Test
    void joinsTheElectionOnceTheClientFirstConnects() throws Exception {
        server.stop();
        CuratorFramework client = org.apache.curator.framework.CuratorFrameworkFactory.builder()
                .connectString(server.getConnectString()).sessionTimeoutMs(10_000).connectionTimeoutMs(5_000)
                .retryPolicy(new org.apache.curator.retry.ExponentialBackoffRetry(50, 3)).build();
        client.start();
        try {
            Controller c = controller(client, 3, NO_REBALANCE);
            assertThat(c.isActive()).isFalse();

            server.restart();

            await().atMost(DEADLINE).until(c::isActive);
            assertThat(c.epoch()).isEqualTo(1);
        } finally {
            client.close();
        }
    }

    @Test
    void malformedZnodesAreSkipped() throws Exception {
        broker(1);
        admin.create().creatingParentsIfNeeded().forPath(io.ferry.broker.zk.ZkPaths.topic("bad"), "{".getBytes());
        createTopic("good", Map.of(0, List.of(1)));

        activeController(9, NO_REBALANCE);

        awaitState(new TopicPartition("good", 0), 1, 0, List.of(1));
    }
}

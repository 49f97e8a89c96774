package io.ferry.broker.zk;

import java.util.List;
import java.util.Map;

import io.ferry.broker.config.BrokerConfig;

/** Helpers shared by the ZooKeeper tests. */
final class ZkTesting {

    private ZkTesting() {
    }

    static ZkSession session(String connect) {
        return new ZkSession(connect, 10_000, 5_000).start();
    }

    static BrokerConfig config(int id) {
        return new BrokerConfig(Map.of("node.id", Integer.toString(id), "listeners",
                "PLAINTEXT://localhost:" + (9090 + id), "num.partitions", "3", "default.replication.factor", "2"));
    }

    static BrokerRegistry register(ZkSession session, int id, String rack) {
        return register(session, id, rack, "localhost");
    }

    /** Registers broker {@code id} listening on {@code host} (another host: another broker with that id). */
    static BrokerRegistry register(ZkSession session, int id, String rack, String host) {
        return new BrokerRegistry(session, id,
                List.of(new ZkData.Endpoint("PLAINTEXT", host, 9090 + id, "PLAINTEXT"),
                        new ZkData.Endpoint("REPLICATION", host, 9190 + id, "PLAINTEXT")), rack).register();
    }
}

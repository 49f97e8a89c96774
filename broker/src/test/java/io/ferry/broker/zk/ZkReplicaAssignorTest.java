package io.ferry.broker.zk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.junit.jupiter.api.Test;

class ZkReplicaAssignorTest {

    private static List<ReplicaAssignor.Broker> brokers(int n) {
        return IntStream.range(0, n).mapToObj(i -> new ReplicaAssignor.Broker(i, null)).toList();
    }

    @Test
    void rackUnawareFollowsKafkasWorkedExample() {
        Map<Integer, List<Integer>> a = ReplicaAssignor.assign(brokers(5), 10, 3, 0, 0, 0);
        assertThat(a.get(0)).containsExactly(0, 1, 2);
        assertThat(a.get(1)).containsExactly(1, 2, 3);
        assertThat(a.get(4)).containsExactly(4, 0, 1);
        assertThat(a.get(5)).containsExactly(0, 2, 3);
        assertThat(a.get(6)).containsExactly(1, 3, 4);
        assertThat(a.get(9)).containsExactly(4, 1, 2);
    }

    @Test
    void brokersAreSortedByIdAndPartitionsCanStartLater() {
        List<ReplicaAssignor.Broker> unsorted = List.of(new ReplicaAssignor.Broker(30, null),
                new ReplicaAssignor.Broker(10, null), new ReplicaAssignor.Broker(20, null));
        Map<Integer, List<Integer>> a = ReplicaAssignor.assign(unsorted, 2, 2, 0, 0, 3);
        assertThat(a).containsOnlyKeys(3, 4);
        assertThat(a.get(3)).containsExactly(10, 30);
        assertThat(a.get(4)).containsExactly(20, 10);
    }

    @Test
    void rackAwareAlternatesRacksLikeKafka() {
        List<ReplicaAssignor.Broker> racked = List.of(new ReplicaAssignor.Broker(0, "rack1"),
                new ReplicaAssignor.Broker(1, "rack3"), new ReplicaAssignor.Broker(2, "rack3"),
                new ReplicaAssignor.Broker(3, "rack2"), new ReplicaAssignor.Broker(4, "rack2"),
                new ReplicaAssignor.Broker(5, "rack1"));
        Map<Integer, List<Integer>> a = ReplicaAssignor.assign(racked, 7, 3, 0, 0, 0);
        assertThat(a.get(0)).containsExactly(0, 3, 1);
        assertThat(a.get(1)).containsExactly(3, 1, 5);
        assertThat(a.get(2)).containsExactly(1, 5, 4);
        assertThat(a.get(6)).containsExactly(0, 4, 2);
        Map<Integer, String> rackOf = Map.of(0, "rack1", 1, "rack3", 2, "rack3", 3, "rack2", 4, "rack2", 5, "rack1");
        Map<Integer, List<Integer>> random = ReplicaAssignor.assign(racked, 30, 3, new Random(7));
        random.values().forEach(replicas ->
                assertThat(new HashSet<>(replicas.stream().map(rackOf::get).toList())).hasSize(3));
    }

    @Test
    void replicationFactorAboveBrokerCountOrMixedRacksAreRefused() {
        assertThatThrownBy(() -> ReplicaAssignor.assign(brokers(2), 1, 3, new Random()))
                .isInstanceOf(InvalidReplicationFactorException.class)
                .hasMessage("Replication factor: 3 larger than available brokers: 2.");
        assertThatThrownBy(() -> ReplicaAssignor.assign(List.of(new ReplicaAssignor.Broker(1, "a"),
                new ReplicaAssignor.Broker(2, null)), 1, 2, new Random()))
                .isInstanceOf(InvalidReplicationFactorException.class).hasMessageContaining("broker.rack")
                .hasMessageContaining("[2]");
    }

    @Test
    void randomAssignmentsUseDistinctBrokers() {
        Map<Integer, List<Integer>> a = ReplicaAssignor.assign(brokers(4), 12, 3, new Random());
        assertThat(a).hasSize(12);
        a.values().forEach(r -> assertThat(new HashSet<>(r)).hasSize(3));
    }
}

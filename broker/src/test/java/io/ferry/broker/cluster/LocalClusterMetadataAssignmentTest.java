package io.ferry.broker.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.errors.InvalidReplicaAssignmentException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ferry.broker.config.BrokerConfig;

class LocalClusterMetadataAssignmentTest {

    @Test
    void explicitAssignmentsMayOnlyNameThisNode(@TempDir Path dir) throws Exception {
        LocalClusterMetadata meta = new LocalClusterMetadata(new BrokerConfig(Map.of("node.id", "5")), "c", dir);
        TopicMetadata t = meta.createTopic("manual", Map.of(0, List.of(5), 1, List.of(5)), Map.of(), false);
        assertThat(t.partitions()).hasSize(2).allSatisfy(p -> assertThat(p.replicas()).containsExactly(5));
        assertThatThrownBy(() -> meta.createTopic("manual", Map.of(0, List.of(5)), Map.of(), false))
                .isInstanceOf(TopicExistsException.class).hasMessage("Topic 'manual' already exists.");
        assertThatThrownBy(() -> meta.createTopic("other", Map.of(0, List.of(5, 6)), Map.of(), false))
                .isInstanceOf(InvalidReplicaAssignmentException.class).hasMessageContaining("[6]");
        assertThatThrownBy(() -> meta.createTopic("other", Map.of(1, List.of(5)), Map.of(), false))
                .isInstanceOf(InvalidReplicaAssignmentException.class).hasMessageContaining("0 to 0");
        assertThatThrownBy(() -> meta.createTopic("other", Map.of(0, List.of(5, 5)), Map.of(), false))
                .isInstanceOf(InvalidReplicaAssignmentException.class).hasMessageContaining("more than once");
    }
}

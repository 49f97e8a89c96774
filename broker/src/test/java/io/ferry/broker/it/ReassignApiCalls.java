package io.ferry.broker.it;

import static io.ferry.broker.it.ConformanceFixture.TOPIC;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.message.AlterPartitionReassignmentsRequestData;
import org.apache.kafka.common.message.AlterPartitionReassignmentsRequestData.ReassignablePartition;
import org.apache.kafka.common.message.AlterPartitionReassignmentsRequestData.ReassignableTopic;
import org.apache.kafka.common.message.ListPartitionReassignmentsRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AlterPartitionReassignmentsResponse;
import org.apache.kafka.common.requests.ListPartitionReassignmentsResponse;

/**
 * Conformance calls of the reassignment APIs on a single node: a reassignment to the replica a partition already has
 * is accepted (nothing moves), and none is ever in progress.
 */
final class ReassignApiCalls {

    private ReassignApiCalls() {
    }

    static void register(Map<ApiKeys, ConformanceFixture.Step> steps, ConformanceFixture f) {
        steps.put(ApiKeys.ALTER_PARTITION_REASSIGNMENTS, (c, v) -> {
            AlterPartitionReassignmentsRequestData d = new AlterPartitionReassignmentsRequestData()
                    .setTimeoutMs(10_000);
            d.topics().add(new ReassignableTopic().setName(TOPIC).setPartitions(new ArrayList<>(List.of(
                    new ReassignablePartition().setPartitionIndex(0)
                            .setReplicas(new ArrayList<>(List.of(f.nodeId)))))));
            AlterPartitionReassignmentsResponse r = c.call(ApiKeys.ALTER_PARTITION_REASSIGNMENTS, v, d);
            assertThat(Errors.forCode(r.data().errorCode())).isEqualTo(Errors.NONE);
            var p = r.data().responses().iterator().next().partitions().get(0);
            assertThat(Errors.forCode(p.errorCode())).isEqualTo(Errors.NONE);
        });
        steps.put(ApiKeys.LIST_PARTITION_REASSIGNMENTS, (c, v) -> {
            ListPartitionReassignmentsResponse r = c.call(ApiKeys.LIST_PARTITION_REASSIGNMENTS, v,
                    new ListPartitionReassignmentsRequestData().setTimeoutMs(10_000).setTopics(null));
            assertThat(Errors.forCode(r.data().errorCode())).isEqualTo(Errors.NONE);
            assertThat(r.data().topics()).isEmpty();
        });
    }
}

package io.ferry.broker.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ListOffsetsRequest;
import org.apache.kafka.common.requests.ListOffsetsResponse;
import org.junit.jupiter.api.Test;

import io.ferry.broker.config.Listener;
import io.ferry.broker.it.RawClient;

/**
 * A handler bug that builds a response its version cannot carry (here a leader epoch in ListOffsets v1) costs the
 * client that one answer, as UNKNOWN_SERVER_ERROR, not its connection, whether the handler answered at once or later.
 */
class UnwritableResponseTest {

    /** Answers every ListOffsets with a leader epoch; every second answer completes later, off the event loop. */
    private static final class EpochEverywhere implements RequestDispatcher {
        private final AtomicInteger calls = new AtomicInteger();

        @Override
        public boolean isSupported(ApiKeys api, short version) {
            return api == ApiKeys.LIST_OFFSETS;
        }

        @Override
        public AbstractResponse unsupportedApiVersionsResponse() {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<AbstractResponse> dispatch(RequestContext context, AbstractRequest request) {
            ListOffsetsResponseData data = new ListOffsetsResponseData();
            data.topics().add(new ListOffsetsResponseData.ListOffsetsTopicResponse().setName("t").setPartitions(
                    new ArrayList<>(List.of(new ListOffsetsResponseData.ListOffsetsPartitionResponse()
                            .setPartitionIndex(0).setOffset(3).setLeaderEpoch(5)))));
            AbstractResponse response = new ListOffsetsResponse(data);
            if (calls.incrementAndGet() % 2 == 1) {
                return CompletableFuture.completedFuture(response);
            }
            return CompletableFuture.supplyAsync(() -> response,
                    CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void theClientGetsAnErrorAnswerAndKeepsItsConnection() throws Exception {
        NetworkServer server = new NetworkServer(new NetworkServer.Settings(1, 1 << 20, 60_000), new EpochEverywhere());
        try {
            int port = server.start(List.of(new Listener("PLAINTEXT", "127.0.0.1", 0))).get("PLAINTEXT").getPort();
            try (RawClient client = new RawClient(port)) {
                for (int i = 0; i < 2; i++) {
                    ListOffsetsResponse r = (ListOffsetsResponse) client.send(ListOffsetsRequest.Builder
                            .forConsumer(false, IsolationLevel.READ_UNCOMMITTED)
                            .setTargetTimes(List.of(new ListOffsetsRequestData.ListOffsetsTopic().setName("t")
                                    .setPartitions(List.of(new ListOffsetsRequestData.ListOffsetsPartition()
                                            .setPartitionIndex(0).setTimestamp(-1)))))
                            .build((short) 1));
                    assertThat(r.errorCounts()).containsOnlyKeys(Errors.UNKNOWN_SERVER_ERROR);
                }
            }
        } finally {
            server.close();
        }
    }
}

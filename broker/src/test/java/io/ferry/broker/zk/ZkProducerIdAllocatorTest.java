package io.ferry.broker.zk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ZkProducerIdAllocatorTest {

    private TestingServer server;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeEach
    void startZooKeeper() throws Exception {
        server = new TestingServer();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
        server.close();
    }

    private ZkSession session() {
        ZkSession s = ZkTesting.session(server.getConnectString() + "/ferry");
        closeables.add(s);
        return s;
    }

    @Test
    void idsFromTwoBrokersAndManyThreadsAreUnique() throws Exception {
        ZkProducerIdAllocator a = new ZkProducerIdAllocator(session().client(), 1);
        ZkProducerIdAllocator b = new ZkProducerIdAllocator(session().client(), 2);
        Set<Long> ids = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> tasks = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                ZkProducerIdAllocator allocator = t % 2 == 0 ? a : b;
                tasks.add(pool.submit(() -> {
                    for (int i = 0; i < 1500; i++) {
                        assertThat(ids.add(allocator.nextProducerId())).isTrue();
                    }
                }));
            }
            for (Future<?> f : tasks) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(ids).hasSize(6000);
        assertThat(ids).allMatch(id -> id >= 0);
    }

    @Test
    void aRestartedAllocatorNeverReusesIds() throws Exception {
        ZkSession first = session();
        ZkProducerIdAllocator before = new ZkProducerIdAllocator(first.client(), 1);
        List<Long> used = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            used.add(before.nextProducerId());
        }
        assertThat(used).containsExactly(0L, 1L, 2L, 3L, 4L);
        ZkProducerIdAllocator after = new ZkProducerIdAllocator(session().client(), 1);
        long next = after.nextProducerId();
        assertThat(next).isEqualTo(ZkProducerIdAllocator.BLOCK_SIZE);
        ZkData.ProducerIdBlock block = ZkData.ProducerIdBlock.decode(
                first.client().getData().forPath(ZkPaths.PRODUCER_ID_BLOCK));
        assertThat(block).isEqualTo(new ZkData.ProducerIdBlock(1, 1000, 1999));
        String json = new String(first.client().getData().forPath(ZkPaths.PRODUCER_ID_BLOCK));
        assertThat(json).contains("\"block_start\":\"1000\"").contains("\"block_end\":\"1999\"");
    }
}

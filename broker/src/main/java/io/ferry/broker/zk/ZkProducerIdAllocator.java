package io.ferry.broker.zk;

import org.apache.curator.framework.CuratorFramework;
import org.apache.kafka.common.KafkaException;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.ferry.broker.producer.ProducerIdAllocator;

/**
 * Producer ids unique across the cluster and its restarts: each broker reserves blocks of {@value #BLOCK_SIZE} ids in
 * {@code /latest_producer_id_block} by a version-checked update (retried when another broker got there first) and
 * hands them out one by one. Thread-safe.
 */
public final class ZkProducerIdAllocator implements ProducerIdAllocator {

    public static final long BLOCK_SIZE = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(ZkProducerIdAllocator.class);

    private final CuratorFramework client;
    private final int brokerId;
    private long next;
    private long blockEnd = -1;

    public ZkProducerIdAllocator(CuratorFramework client, int brokerId) {
        this.client = client;
        this.brokerId = brokerId;
    }

    @Override
    public synchronized long nextProducerId() {
        if (next > blockEnd) {
            ZkData.ProducerIdBlock block = reserveBlock();
            next = block.start();
            blockEnd = block.end();
        }
        return next++;
    }

    private ZkData.ProducerIdBlock reserveBlock() {
        try {
            while (true) {
                Stat stat = new Stat();
                byte[] data;
                try {
                    data = client.getData().storingStatIn(stat).forPath(ZkPaths.PRODUCER_ID_BLOCK);
                } catch (KeeperException.NoNodeException e) {
                    data = null;
                }
                long start = data == null || data.length == 0 ? 0 : ZkData.ProducerIdBlock.decode(data).end() + 1;
                if (start > Long.MAX_VALUE - BLOCK_SIZE) {
                    throw new KafkaException("Producer ids are exhausted: the last block ends at " + (start - 1));
                }
                ZkData.ProducerIdBlock block = new ZkData.ProducerIdBlock(brokerId, start, start + BLOCK_SIZE - 1);
                try {
                    if (data == null) {
                        client.create().creatingParentsIfNeeded().forPath(ZkPaths.PRODUCER_ID_BLOCK, block.encode());
                    } else {
                        client.setData().withVersion(stat.getVersion()).forPath(ZkPaths.PRODUCER_ID_BLOCK,
                                block.encode());
                    }
                    LOG.info("Broker {} reserved producer ids {} to {}", brokerId, block.start(), block.end());
                    return block;
                } catch (KeeperException.BadVersionException | KeeperException.NodeExistsException raced) {
                    LOG.debug("Another broker reserved producer ids first; reading the latest block again");
                }
            }
        } catch (KafkaException e) {
            throw e;
        } catch (Exception e) {
            throw new KafkaException("Could not reserve producer ids in ZooKeeper: " + e, e);
        }
    }
}

package io.ferry.broker.controller;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.kafka.common.TopicPartition;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.ferry.broker.controller.LeaderRules.Change;
import io.ferry.broker.zk.ZkData.LeaderAndIsr;
import io.ferry.broker.zk.ZkPaths;

/**
 * Creates and changes partition state znodes, each change a conditional write on the version just read (fenced by
 * {@link FencedWriter}); on BADVERSION (a leader changed its ISR meanwhile) it reads and decides again.
 */
final class PartitionStateWriter {

    private static final Logger log = LoggerFactory.getLogger(PartitionStateWriter.class);
    /** Conflicts come from leaders changing their ISR, which is rare: retrying this often means a bug. */
    private static final int CAS_ATTEMPTS = 1000;
    private static final byte[] EMPTY = new byte[0];

    /** A decision on a partition's current state; empty means nothing to write. */
    @FunctionalInterface
    interface Decider {
        Optional<Change> decide(LeaderAndIsr current) throws Exception;
    }

    private final ControllerStore store;
    private final FencedWriter writer;

    PartitionStateWriter(ControllerStore store, FencedWriter writer) {
        this.store = store;
        this.writer = writer;
    }

    /** Read, decide, write conditionally; again on BADVERSION. True if something was written. */
    boolean update(TopicPartition tp, String why, Decider decider) throws Exception {
        for (int attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
            Optional<Versioned> cur = store.state(tp);
            if (cur.isEmpty()) {
                return false;
            }
            Optional<Change> next = decider.decide(cur.get().state());
            if (next.isEmpty()) {
                return false;
            }
            if (write(tp, cur.get(), next.get(), why)) {
                return true;
            }
        }
        log.warn("{}: gave up after {} conflicting updates ({})", tp, CAS_ATTEMPTS, why);
        return false;
    }

    /** One conditional write of a state; false when its version changed since it was read. */
    boolean write(TopicPartition tp, Versioned cur, Change next, String why) throws Exception {
        String path = ZkPaths.partitionState(tp.topic(), tp.partition());
        try {
            writer.commit(List.of(writer.op().setData().withVersion(cur.version()).forPath(path,
                    next.state().encode())));
        } catch (KeeperException.BadVersionException | KeeperException.NoNodeException e) {
            log.info("{}: state changed under us ({}), reading again", tp, e.code());
            return false;
        }
        LeaderAndIsr s = next.state();
        if (next.unclean()) {
            log.warn("{}: UNCLEAN election of out-of-sync replica {} (leader epoch {}): acknowledged records may be "
                    + "lost", tp, s.leader(), s.leaderEpoch());
        } else {
            log.info("{}: {}: leader {} -> {}, leader epoch {}, isr {} -> {}", tp, why, cur.state().leader(),
                    s.leader(), s.leaderEpoch(), cur.state().isr(), s.isr());
        }
        return true;
    }

    /**
     * Creates the state znode (and its missing parents) with {@code initial}. False when it already exists (another
     * controller was faster): the caller decides again on the existing state.
     */
    boolean create(TopicPartition tp, LeaderAndIsr initial) throws Exception {
        List<CuratorOp> ops = new ArrayList<>();
        if (!store.exists(ZkPaths.partitions(tp.topic()))) {
            ops.add(writer.op().create().withMode(CreateMode.PERSISTENT).forPath(ZkPaths.partitions(tp.topic()), EMPTY));
        }
        String partition = ZkPaths.partition(tp.topic(), tp.partition());
        if (!store.exists(partition)) {
            ops.add(writer.op().create().withMode(CreateMode.PERSISTENT).forPath(partition, EMPTY));
        }
        ops.add(writer.op().create().withMode(CreateMode.PERSISTENT)
                .forPath(ZkPaths.partitionState(tp.topic(), tp.partition()), initial.encode()));
        try {
            writer.commit(ops);
        } catch (KeeperException.NodeExistsException | KeeperException.NoNodeException e) {
            log.info("{}: state creation raced ({}); deciding again", tp, e.code());
            return false;
        }
        log.info("{}: created with leader {}, isr {}, controller epoch {}", tp, initial.leader(), initial.isr(),
                initial.controllerEpoch());
        return true;
    }
}

package io.ferry.broker.controller;

import java.util.ArrayList;
import java.util.List;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.framework.api.transaction.CuratorTransactionResult;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.OpResult;

import io.ferry.broker.zk.ZkPaths;

/**
 * Every controller write: one ZooKeeper multi that begins with {@code check(/controller_epoch, version written at
 * election)}. A failed check means a newer controller exists ({@link ControllerMovedException}); any other failure is
 * rethrown as the {@link KeeperException} of the operation that failed (its index in {@link #failedIndex}).
 * Writes are refused while the controller is not active or the connection is suspended.
 */
final class FencedWriter {

    private final CuratorFramework client;
    private volatile int epochZkVersion = -1;
    private volatile boolean writable;

    FencedWriter(CuratorFramework client) {
        this.client = client;
    }

    /** Allows writes fenced by this {@code /controller_epoch} version. */
    void enable(int epochZkVersion) {
        this.epochZkVersion = epochZkVersion;
        this.writable = true;
    }

    /** Stops writes (connection suspended, or resigned). */
    void disable() {
        this.writable = false;
    }

    boolean writable() {
        return writable;
    }

    int epochZkVersion() {
        return epochZkVersion;
    }

    /** A fresh operation builder of this client. */
    org.apache.curator.framework.api.transaction.TransactionOp op() {
        return client.transactionOp();
    }

    List<CuratorTransactionResult> commit(List<CuratorOp> ops) throws Exception {
        if (!writable) {
            throw new WritesSuspendedException("controller writes are suspended");
        }
        List<CuratorOp> all = new ArrayList<>(ops.size() + 1);
        all.add(client.transactionOp().check().withVersion(epochZkVersion).forPath(ZkPaths.CONTROLLER_EPOCH));
        all.addAll(ops);
        List<CuratorTransactionResult> results;
        try {
            results = client.transaction().forOperations(all);
        } catch (KeeperException e) {
            List<OpResult> opResults = e.getResults();
            if (opResults != null && !opResults.isEmpty() && opResults.get(0) instanceof OpResult.ErrorResult first
                    && first.getErr() != KeeperException.Code.OK.intValue()) {
                throw fenced(KeeperException.Code.get(first.getErr()));
            }
            if (opResults == null && e.getPath() != null && e.getPath().equals(ZkPaths.CONTROLLER_EPOCH)) {
                throw fenced(e.code());
            }
            throw e;
        }
        for (int i = 0; i < results.size(); i++) {
            int err = results.get(i).getError();
            if (err != 0) {
                if (i == 0) {
                    throw fenced(KeeperException.Code.get(err));
                }
                throw KeeperException.create(KeeperException.Code.get(err), results.get(i).getForPath());
            }
        }
        return results.subList(1, results.size());
    }

    /** The index (among the caller's operations, not counting the epoch check) of the operation that failed. */
    static int failedIndex(KeeperException e) {
        List<OpResult> r = e.getResults();
        if (r == null) {
            return -1;
        }
        for (int i = 0; i < r.size(); i++) {
            if (r.get(i) instanceof OpResult.ErrorResult er && er.getErr() != KeeperException.Code.OK.intValue()
                    && er.getErr() != KeeperException.Code.RUNTIMEINCONSISTENCY.intValue()) {
                return i - 1;
            }
        }
        return -1;
    }

    private ControllerMovedException fenced(KeeperException.Code code) {
        writable = false;
        return new ControllerMovedException("check of " + ZkPaths.CONTROLLER_EPOCH + " at version " + epochZkVersion
                + " failed (" + code + ")");
    }
}

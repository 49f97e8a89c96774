package io.ferry.broker.controller;

import java.util.ArrayList;
import java.util.List;

import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.ferry.broker.zk.ZkPaths;

/**
 * Deletes a topic queued in {@code /admin/delete_topics}: its partition states, {@code /brokers/topics/<t>}
 * (recursively), {@code /config/topics/<t>}, then the marker, children first, in fenced multis (one for a topic of
 * up to {@value #MAX_OPS_PER_MULTI} znodes). Brokers see the topic znode vanish and delete their logs.
 */
final class TopicDeleter {

    private static final Logger log = LoggerFactory.getLogger(TopicDeleter.class);
    private static final int MAX_OPS_PER_MULTI = 200;
    private static final int ATTEMPTS = 3;

    private final ControllerStore store;
    private final FencedWriter writer;

    TopicDeleter(ControllerStore store, FencedWriter writer) {
        this.store = store;
        this.writer = writer;
    }

    /** True once every znode of the topic and the marker are gone. */
    boolean delete(String topic) throws Exception {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            List<String> paths = new ArrayList<>(store.subtreeChildrenFirst(ZkPaths.topic(topic)));
            if (store.exists(ZkPaths.topicConfig(topic))) {
                paths.add(ZkPaths.topicConfig(topic));
            }
            paths.add(ZkPaths.deleteTopic(topic));
            try {
                for (int from = 0; from < paths.size(); from += MAX_OPS_PER_MULTI) {
                    List<CuratorOp> ops = new ArrayList<>();
                    for (String p : paths.subList(from, Math.min(paths.size(), from + MAX_OPS_PER_MULTI))) {
                        ops.add(writer.op().delete().forPath(p));
                    }
                    writer.commit(ops);
                }
            } catch (KeeperException.NoNodeException | KeeperException.NotEmptyException e) {
                log.info("Deletion of topic {} raced ({} at {}); retrying", topic, e.code(), e.getPath());
                continue;
            }
            log.info("Deleted topic {} ({} znodes)", topic, paths.size());
            return true;
        }
        log.warn("Deletion of topic {} did not complete; it stays queued", topic);
        return false;
    }
}

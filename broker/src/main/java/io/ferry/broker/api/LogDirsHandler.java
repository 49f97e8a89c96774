package io.ferry.broker.api;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.DescribeLogDirsRequestData;
import org.apache.kafka.common.message.DescribeLogDirsResponseData;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsPartition;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsResult;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DescribeLogDirsRequest;
import org.apache.kafka.common.requests.DescribeLogDirsResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.apache.kafka.common.acl.AclOperation;

import io.ferry.broker.acl.Authorization;
import io.ferry.broker.log.LogManager;
import io.ferry.broker.log.PartitionLog;
import io.ferry.broker.network.RequestContext;
import io.ferry.broker.partition.Partition;
import io.ferry.broker.partition.PartitionManager;

/**
 * DescribeLogDirs 1-5 (kafka-log-dirs, Admin.describeLogDirs / describeReplicaLogDirs): per log directory of this
 * broker, the replicas it holds with their size in bytes and offset lag ({@link Partition#offsetLag()}), and (v4+)
 * the total and usable bytes of the directory's file store. There are no future logs (no AlterReplicaLogDirs) and no
 * cordoned directories. Needs DESCRIBE on the cluster.
 */
public final class LogDirsHandler implements ApiFamily {

    private static final Logger LOG = LoggerFactory.getLogger(LogDirsHandler.class);

    private final LogManager logs;
    private final PartitionManager partitions;
    private final Authorization authz;

    public LogDirsHandler(LogManager logs, PartitionManager partitions, Authorization authz) {
        this.authz = authz;
        this.logs = logs;
        this.partitions = partitions;
    }

    @Override
    public void registerWith(ApiRegistry registry) {
        registry.register(ApiKeys.DESCRIBE_LOG_DIRS, 1, 5, AuthGuard.cluster(authz, AclOperation.DESCRIBE,
                (RequestContext ctx, DescribeLogDirsRequest r) -> ApiHandler.done(describe(r.data()))));
    }

    private DescribeLogDirsResponse describe(DescribeLogDirsRequestData req) {
        Set<TopicPartition> wanted = wanted(req);
        Map<Path, Map<String, DescribeLogDirsTopic>> byDir = new LinkedHashMap<>();
        logs.dirs().forEach(d -> byDir.put(d, new TreeMap<>()));
        for (Map.Entry<TopicPartition, PartitionLog> e : logs.all().entrySet()) {
            TopicPartition tp = e.getKey();
            if (wanted != null && !wanted.contains(tp)) {
                continue;
            }
            Map<String, DescribeLogDirsTopic> topics = byDir.get(e.getValue().directory().getParent());
            if (topics == null) {
                continue;
            }
            long lag = partitions.partition(tp).map(Partition::offsetLag).orElse(0L);
            topics.computeIfAbsent(tp.topic(), t -> new DescribeLogDirsTopic().setName(t)).partitions()
                    .add(new DescribeLogDirsPartition().setPartitionIndex(tp.partition())
                            .setPartitionSize(e.getValue().sizeInBytes()).setOffsetLag(lag).setIsFutureKey(false));
        }
        DescribeLogDirsResponseData data = new DescribeLogDirsResponseData().setErrorCode(Errors.NONE.code());
        byDir.forEach((dir, topics) -> {
            topics.values().forEach(t -> t.partitions().sort(
                    (a, b) -> Integer.compare(a.partitionIndex(), b.partitionIndex())));
            DescribeLogDirsResult result = new DescribeLogDirsResult().setLogDir(dir.toString())
                    .setErrorCode(Errors.NONE.code()).setTopics(new java.util.ArrayList<>(topics.values()));
            try {
                FileStore store = Files.getFileStore(dir);
                result.setTotalBytes(store.getTotalSpace()).setUsableBytes(store.getUsableSpace());
            } catch (IOException e) {
                LOG.warn("Could not read the file store of log directory {}: {}", dir, e.toString());
                result.setErrorCode(Errors.KAFKA_STORAGE_ERROR.code());
            }
            data.results().add(result);
        });
        return new DescribeLogDirsResponse(data);
    }

    /** The partitions asked for, or null for all of them. */
    private static Set<TopicPartition> wanted(DescribeLogDirsRequestData req) {
        if (req.topics() == null) {
            return null;
        }
        Set<TopicPartition> out = new HashSet<>();
        req.topics().forEach(t -> t.partitions().forEach(p -> out.add(new TopicPartition(t.topic(), p))));
        return out;
    }
}

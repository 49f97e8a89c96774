package io.ferry.broker.zk;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.ferry.broker.cluster.MetaProperties;
import io.ferry.broker.config.BrokerConfig;
import io.ferry.broker.controller.Controller;
import io.ferry.broker.controller.ControllerSettings;
import io.ferry.broker.producer.ProducerIdAllocator;

/**
 * A broker's membership of a ZooKeeper-coordinated cluster: the session, the cluster id agreed with ZooKeeper and the
 * log directories, the metadata view, producer id blocks, and (once its listeners are bound) its registration, which
 * makes it live for the controller and the other brokers. Closing deregisters first, then stops watching.
 */
public final class ZkCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ZkCluster.class);

    private final BrokerConfig config;
    private final ZkSession session;
    private final String clusterId;
    private final ZkClusterMetadata metadata;
    private final ZkProducerIdAllocator producerIds;
    private BrokerRegistry registry;
    private Controller controller;

    private ZkCluster(BrokerConfig config, ZkSession session, String clusterId, ZkClusterMetadata metadata) {
        this.config = config;
        this.session = session;
        this.clusterId = clusterId;
        this.metadata = metadata;
        this.producerIds = new ZkProducerIdAllocator(session.client(), config.nodeId());
    }

    /**
     * Connects to ZooKeeper (waiting for the ensemble until {@code giveUp}, when not null; see {@link ZkSession#start}),
     * agrees on the cluster id with the log directories, and loads the metadata.
     */
    public static ZkCluster join(BrokerConfig config, List<Path> logDirs, java.util.function.BooleanSupplier giveUp)
            throws IOException {
        ZkSession session = ZkSession.of(config).start(giveUp);
        try {
            Optional<String> local = config.clusterId().isPresent() ? config.clusterId()
                    : MetaProperties.stored(logDirs);
            String clusterId = ZkClusterId.ensureClusterId(session.client(), local);
            MetaProperties.ensure(logDirs, config.nodeId(), Optional.of(clusterId));
            ZkClusterMetadata metadata = new ZkClusterMetadata(session.client(), config);
            metadata.start();
            return new ZkCluster(config, session, clusterId, metadata);
        } catch (IOException | RuntimeException e) {
            session.close();
            throw e;
        }
    }

    public String clusterId() {
        return clusterId;
    }

    public ZkClusterMetadata metadata() {
        return metadata;
    }

    public ProducerIdAllocator producerIds() {
        return producerIds;
    }

    public ZkSession session() {
        return session;
    }

    /** Registers this broker with its bound listeners: from now on it is live and may lead. */
    public synchronized void register(Map<String, InetSocketAddress> bound) {
        Map<String, Integer> ports = new java.util.HashMap<>();
        bound.forEach((name, addr) -> ports.put(name, addr.getPort()));
        registry = new BrokerRegistry(session, config.nodeId(), BrokerRegistry.advertisedEndpoints(config, ports),
                config.rack().orElse(null)).register();
        LOG.info("Broker {} registered in ZooKeeper at {} (broker epoch {})", config.nodeId(),
                session.connectString(), registry.brokerEpoch());
        if (controller == null) {
            controller = new Controller(session.client(), config.nodeId(), ControllerSettings.from(config),
                    ZkClusterMetadata.interBrokerListener(config));
            controller.start();
        }
    }

    /** This broker's controller (active or standing by). */
    public Optional<Controller> controller() {
        return Optional.ofNullable(controller);
    }

    /**
     * Asks the controller to move this broker's leaderships to other in-sync replicas, and waits (at most
     * {@code timeoutMs}) until it leads no partition that another live in-sync replica could lead. Returns the number
     * of partitions it still leads.
     */
    public int controlledShutdown(int brokerId, long timeoutMs) {
        if (!session.isConnected()) {
            LOG.warn("Stopping without a controlled shutdown: ZooKeeper is not reachable");
            return movableLeaderships(brokerId);
        }
        String path = ZkPaths.controlledShutdown(brokerId);
        try {
            session.client().create().orSetData().creatingParentContainersIfNeeded()
                    .withMode(org.apache.zookeeper.CreateMode.EPHEMERAL).forPath(path);
        } catch (Exception e) {
            LOG.warn("Could not ask for a controlled shutdown ({}); stopping without it", e.toString());
            return movableLeaderships(brokerId);
        }
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        int left = movableLeaderships(brokerId);
        while (left > 0 && System.nanoTime() < deadline) {
            synchronized (this) {
                try {
                    wait(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            left = movableLeaderships(brokerId);
        }
        LOG.info("Controlled shutdown of broker {}: {} leaderships left that another replica could take", brokerId,
                left);
        return left;
    }

    private int movableLeaderships(int brokerId) {
        int count = 0;
        for (var topic : metadata.topics()) {
            for (var p : topic.partitions()) {
                if (p.leader() == brokerId && p.isr().stream().anyMatch(r -> r != brokerId && metadata.isLive(r))) {
                    count++;
                }
            }
        }
        return count;
    }

    /** Deregisters (the controller moves this broker's leaderships away), keeping the session and the view. */
    public synchronized void deregister() {
        if (controller != null) {
            // Resign first, so that the controller elected next handles this broker's departure.
            controller.close();
            controller = null;
        }
        if (registry != null) {
            registry.close();
            registry = null;
        }
        if (!session.isConnected()) {
            return; // ephemeral: gone with the session
        }
        try {
            session.client().delete().quietly().forPath(ZkPaths.controlledShutdown(config.nodeId()));
        } catch (Exception e) {
            // ephemeral: gone with the session anyway
        }
    }

    @Override
    public synchronized void close() {
        deregister();
        metadata.close();
        session.close();
    }
}

package io.ferry.broker;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.ferry.broker.acl.AclStore;
import io.ferry.broker.acl.Authorization;
import io.ferry.broker.acl.FerryAuthorizer;
import io.ferry.broker.acl.FileAclStore;
import io.ferry.broker.api.AclsHandler;
import io.ferry.broker.api.ApiRegistry;
import io.ferry.broker.api.ApiVersionsHandler;
import io.ferry.broker.api.ClientQuotasHandler;
import io.ferry.broker.api.ConfigsHandler;
import io.ferry.broker.api.DescribeTopicPartitionsHandler;
import io.ferry.broker.api.ElectLeadersHandler;
import io.ferry.broker.api.ReassignmentsHandler;
import io.ferry.broker.api.FetchHandler;
import io.ferry.broker.api.GroupAdminHandler;
import io.ferry.broker.api.GroupsHandler;
import io.ferry.broker.api.LogDirsHandler;
import io.ferry.broker.api.MetadataHandler;
import io.ferry.broker.api.OffsetsHandler;
import io.ferry.broker.api.ProduceHandler;
import io.ferry.broker.api.TransactionsAdminHandler;
import io.ferry.broker.api.TransactionsHandler;
import io.ferry.broker.api.DescribeProducersHandler;
import io.ferry.broker.api.TopicsHandler;
import io.ferry.broker.api.WriteTxnMarkersHandler;
import io.ferry.broker.cluster.BrokerNode;
import io.ferry.broker.cluster.ClusterMetadata;
import io.ferry.broker.cluster.LocalClusterMetadata;
import io.ferry.broker.cluster.MetadataListener;
import io.ferry.broker.cluster.MetaProperties;
import io.ferry.broker.config.BrokerConfig;
import io.ferry.broker.config.Listener;
import io.ferry.broker.config.TopicConfigs;
import io.ferry.broker.group.GroupCoordinator;
import io.ferry.broker.group.GroupOffsets;
import io.ferry.broker.partition.InternalTopic;
import io.ferry.broker.log.LogManager;
import io.ferry.broker.network.NetworkServer;
import io.ferry.broker.partition.FetchWaiters;
import io.ferry.broker.partition.PartitionManager;
import io.ferry.broker.producer.FileProducerIdAllocator;
import io.ferry.broker.producer.ProducerIdAllocator;
import io.ferry.broker.replica.ReplicaManager;
import io.ferry.broker.txn.MarkerSender;
import io.ferry.broker.txn.MarkerWriter;
import io.ferry.broker.txn.TransactionCoordinator;
import io.ferry.broker.txn.TxnVerifier;
import io.ferry.broker.zk.BrokerZooKeeperPeer;
import io.ferry.broker.zk.ZkAclStore;
import io.ferry.broker.zk.ZkCluster;
import io.ferry.broker.zk.ZkDynamicBrokerConfigs;
import io.ferry.broker.cluster.DynamicBrokerConfigs;
import io.ferry.broker.cluster.LocalDynamicBrokerConfigs;
import io.ferry.broker.replica.ReplicationThrottle;
import io.ferry.broker.zk.ZooKeeperNode;
import io.ferry.broker.zk.ZkClusterMetadata;
import io.ferry.broker.zk.ZkScramCredentialStore;
import io.ferry.broker.api.SaslHandler;
import io.ferry.broker.api.ScramCredentialsHandler;
import io.ferry.broker.client.ChannelSecurity;
import io.ferry.broker.security.BrokerSecurity;
import io.ferry.broker.security.FileScramCredentialStore;
import io.ferry.broker.security.ScramCredentials;

/**
 * One broker: opens storage and metadata, registers the API handlers and accepts clients. Used by the
 * {@code ferry broker} command and embedded by the runtime's standalone mode.
 */
public final class BrokerServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerServer.class);

    private final BrokerConfig config;
    private LogManager logs;
    private PartitionManager partitions;
    private ScheduledExecutorService scheduler;
    private ScheduledExecutorService logScheduler;
    private java.util.concurrent.ExecutorService coordinatorLoads;
    private MarkerSender markerSender;
    private TxnVerifier txnVerifier;
    private NetworkServer network;
    private ClusterMetadata metadata;
    private LocalClusterMetadata localMetadata;
    private ZkCluster cluster;
    /** The ZooKeeper server of this process ({@code zookeeper.embedded.*}), or null. */
    private ZooKeeperNode zookeeperPeer;
    private volatile boolean closing;
    private ReplicaManager replicas;
    /** The ZooKeeper watch of dynamic broker settings (a cluster), closed with the broker. */
    private ZkDynamicBrokerConfigs dynamicStore;
    private ScramCredentials scram;
    private BrokerSecurity security;
    private BrokerNode self;
    private FerryAuthorizer authorizer;
    private List<InetSocketAddress> boundAddresses = List.of();
    private Map<String, InetSocketAddress> boundByName = Map.of();

    public BrokerServer(BrokerConfig config) {
        this.config = config;
    }

    public synchronized void start() throws IOException, InterruptedException {
        long started = System.nanoTime();
        for (String open : io.ferry.broker.config.ListenerExposure.check(config)) {
            LOG.warn("Listener {} accepts unauthenticated connections from other hosts ({}=true)", open,
                    io.ferry.broker.config.ListenerExposure.OPT_IN);
        }
        List<Path> dirs = config.logDirs();
        boolean replicated = config.zookeeperConnect().isPresent();
        String clusterId;
        ProducerIdAllocator producerIds;
        if (replicated) {
            zookeeperPeer = BrokerZooKeeperPeer.start(config).orElse(null);
            cluster = ZkCluster.join(config, dirs, zookeeperPeer == null ? null : () -> closing);
            clusterId = cluster.clusterId();
            metadata = cluster.metadata();
            producerIds = cluster.producerIds();
        } else {
            clusterId = MetaProperties.ensure(dirs, config.nodeId(), config.clusterId());
            LocalClusterMetadata local = new LocalClusterMetadata(config, clusterId,
                    dirs.get(0).resolve("__ferry_metadata"));
            localMetadata = local;
            metadata = local;
            producerIds = new FileProducerIdAllocator(
                    dirs.get(0).resolve("__ferry_metadata").resolve("producer-ids.properties"));
        }
        scram = new ScramCredentials(replicated ? new ZkScramCredentialStore(cluster.session().client())
                : FileScramCredentialStore.in(dirs));
        List<Listener> listeners = config.listeners().stream().map(l -> Listener.parse(BrokerConfig.LISTENERS, l))
                .toList();
        security = new BrokerSecurity(config, listeners, scram.cache());
        // A single node never connects to itself: only a cluster member needs inter-broker TLS or SASL settings.
        ChannelSecurity interBroker = replicated
                ? ChannelSecurity.forListener(config, ZkClusterMetadata.interBrokerListener(config))
                : ChannelSecurity.PLAINTEXT;
        logs = new LogManager(dirs, Time.SYSTEM);
        partitions = new PartitionManager(metadata, logs, config.nodeId(),
                overrides -> TopicConfigs.logConfig(overrides, config),
                overrides -> TopicConfigs.minInsyncReplicas(overrides, config),
                replicated ? new DeferredIsrChanges() : null,
                config.producerIdExpirationMs());
        partitions.start();
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ferry-broker-scheduler");
            t.setDaemon(true);
            return t;
        });
        // Retention, flushes and checkpoints fsync: they get their own thread so they never delay fetch timers.
        logScheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ferry-log-tasks");
            t.setDaemon(true);
            return t;
        });
        logs.startBackgroundTasks(logScheduler, config.retentionCheckIntervalMs());
        DynamicBrokerConfigs dynamicConfigs;
        if (replicated) {
            ZkDynamicBrokerConfigs zkDynamic = new ZkDynamicBrokerConfigs(cluster.session().client());
            dynamicStore = zkDynamic;
            dynamicConfigs = zkDynamic;
        } else {
            dynamicConfigs = new LocalDynamicBrokerConfigs();
        }
        ReplicationThrottle throttle = new ReplicationThrottle(config.nodeId(), metadata, dynamicConfigs);
        if (replicated) {
            replicas = new ReplicaManager(metadata, partitions, config.replicationSettings(), scheduler,
                    interBroker, throttle);
        }

        // Work that blocks runs off the network threads: coordinator partitions' loads (in a cluster, when this broker
        // becomes their leader) and, in a cluster, coordinator requests and topic administration (they wait for
        // replication or for ZooKeeper).
        coordinatorLoads = Executors.newFixedThreadPool(replicated ? 8 : 1, r -> {
            Thread t = new Thread(r, "ferry-coordinator");
            t.setDaemon(true);
            return t;
        });
        InternalTopic offsetsTopic = new InternalTopic(Topic.GROUP_METADATA_TOPIC_NAME, metadata, partitions,
                config.groupConfig().offsetsTopicPartitions(), config.offsetsTopicReplicationFactor(), Map.of(),
                replicated);
        GroupCoordinator groups = new GroupCoordinator(config.groupConfig(), offsetsTopic, scheduler, Time.SYSTEM);
        GroupOffsets groupOffsets = new GroupOffsets(groups, offsetsTopic, config.groupConfig().offsetMetadataMaxBytes());
        groups.start(groupOffsets, coordinatorLoads);
        metadata.addListener(new MetadataListener.TopicDeletion(topic -> groupOffsets.topicDeleted(topic.name())));
        InternalTopic txnTopic = new InternalTopic(Topic.TRANSACTION_STATE_TOPIC_NAME, metadata, partitions,
                config.transactionStatePartitions(), config.transactionStateReplicationFactor(),
                Map.of("min.insync.replicas", Integer.toString(config.transactionStateMinIsr())), replicated);
        int interBrokerTimeoutMs = config.replicationSettings().socketTimeoutMs();
        MarkerWriter markerWriter = new MarkerWriter(partitions, metadata, groupOffsets, interBrokerTimeoutMs);
        markerSender = new MarkerSender(config.nodeId(), metadata, markerWriter, 2, interBrokerTimeoutMs, interBroker);
        TransactionCoordinator txns = new TransactionCoordinator(config.transactionSettings(), txnTopic, metadata,
                markerSender, offsetsTopic, producerIds, Time.SYSTEM);
        txns.start(scheduler, coordinatorLoads);
        if (replicas != null) {
            // After the coordinators listen for leadership, so the partitions they lead here get loaded.
            replicas.start();
        }

        Authorization authz = startAuthorization(dirs);
        scheduler.scheduleWithFixedDelay(authz::flushAuditLog, Authorization.AUDIT_INTERVAL_MS,
                Authorization.AUDIT_INTERVAL_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
        ApiRegistry registry = new ApiRegistry();
        registry.register(new ApiVersionsHandler());
        java.util.concurrent.Executor blocking = replicated ? coordinatorLoads : null;
        registry.register(new AclsHandler(authz, blocking));
        registry.register(new MetadataHandler(metadata, config, blocking, authz));
        registry.register(new DescribeTopicPartitionsHandler(metadata, authz));
        txnVerifier = new TxnVerifier(config.nodeId(), txnTopic, txns, metadata, interBrokerTimeoutMs, interBroker);
        registry.register(new ProduceHandler(partitions, scheduler, authz, txnVerifier));
        registry.register(new FetchHandler(partitions, new FetchWaiters(scheduler), authz, throttle));
        registry.register(new OffsetsHandler(partitions, authz));
        registry.register(new TopicsHandler(metadata, config, blocking, authz));
        registry.register(new ElectLeadersHandler(metadata,
                () -> cluster == null ? java.util.Optional.empty() : cluster.controller(), authz));
        registry.register(new ReassignmentsHandler(metadata,
                () -> cluster == null ? java.util.Optional.empty() : cluster.controller(), authz));
        registry.register(new ConfigsHandler(metadata, config, authz, dynamicConfigs));
        registry.register(new LogDirsHandler(logs, partitions, authz));
        registry.register(new GroupsHandler(groups, groupOffsets, offsetsTopic, txnTopic, authz));
        registry.register(new GroupAdminHandler(groups, groupOffsets, offsetsTopic, authz));
        registry.register(new TransactionsHandler(producerIds, txns, groupOffsets, txnTopic, offsetsTopic, authz));
        registry.register(new WriteTxnMarkersHandler(markerWriter, authz));
        registry.register(new TransactionsAdminHandler(txns, authz, Time.SYSTEM));
        registry.register(new DescribeProducersHandler(partitions, metadata, authz));
        registry.register(new SaslHandler());
        registry.register(new ScramCredentialsHandler(scram, blocking, authz));
        registry.register(new ClientQuotasHandler(authz));

        network = new NetworkServer(new NetworkServer.Settings(config.numNetworkThreads(),
                config.socketRequestMaxBytes(), config.connectionsMaxIdleMs(), config.maxConnections(),
                config.maxConnectionsPerIp(), resolve(config.maxConnectionsPerIpOverrides()),
                config.queuedMaxRequestBytes()), registry);
        Map<String, InetSocketAddress> bound = network.start(listeners, security::listener);
        boundAddresses = listeners.stream().map(l -> bound.get(l.name())).toList();
        boundByName = Map.copyOf(bound);
        self = advertisedNode(bound);
        if (localMetadata != null) {
            Map<String, BrokerNode> byListener = new java.util.HashMap<>();
            for (String l : config.advertisedListeners()) {
                String name = Listener.parse(BrokerConfig.ADVERTISED_LISTENERS, l).name();
                byListener.put(name, advertisedNode(bound, l));
            }
            localMetadata.setSelf(self, byListener);
        }
        if (cluster != null) {
            cluster.register(bound);
        }
        LOG.info("Ferry broker {} started in {} ms (cluster {}, log.dirs {})", config.nodeId(),
                (System.nanoTime() - started) / 1_000_000, clusterId, dirs);
    }

    /**
     * The authorizer {@code authorizer.class.name} selects, loaded from where this broker keeps ACLs (ZooKeeper in a
     * cluster, the first log directory on a single node); none when the key is empty.
     */
    /** max.connections.per.ip.overrides by address; a host name is resolved once, at start. */
    private static Map<java.net.InetAddress, Integer> resolve(Map<String, Integer> byHost) {
        Map<java.net.InetAddress, Integer> out = new java.util.HashMap<>();
        byHost.forEach((host, limit) -> {
            try {
                out.put(java.net.InetAddress.getByName(host), limit);
            } catch (java.net.UnknownHostException e) {
                throw new org.apache.kafka.common.config.ConfigException(BrokerConfig.MAX_CONNECTIONS_PER_IP_OVERRIDES,
                        host, "unknown host");
            }
        });
        return out;
    }

    private Authorization startAuthorization(List<Path> dirs) {
        if (!config.authorizerEnabled()) {
            return Authorization.disabled();
        }
        AclStore store = cluster != null ? new ZkAclStore(cluster.session().client(), config.nodeId())
                : new FileAclStore(dirs.get(0).resolve("__ferry_metadata").resolve("acls.json"));
        authorizer = new FerryAuthorizer(store);
        authorizer.configure(config.authorizerConfigs());
        authorizer.start(null);
        return Authorization.of(authorizer);
    }

    private BrokerNode advertisedNode(Map<String, InetSocketAddress> bound) throws UnknownHostException {
        return advertisedNode(bound, config.advertisedListeners().get(0));
    }

    /** This broker as the advertised listener {@code advertised} shows it (port 0: the bound port). */
    private BrokerNode advertisedNode(Map<String, InetSocketAddress> bound, String advertised)
            throws UnknownHostException {
        Listener adv = Listener.parse(BrokerConfig.ADVERTISED_LISTENERS, advertised);
        InetSocketAddress actual = bound.getOrDefault(adv.name(), bound.values().iterator().next());
        String host = adv.host().isEmpty() ? InetAddress.getLocalHost().getCanonicalHostName() : adv.host();
        int port = adv.port() == 0 ? actual.getPort() : adv.port();
        return new BrokerNode(config.nodeId(), host, port, config.rack().orElse(null));
    }

    /** The port the first listener is bound to (useful with port 0). */
    public int port() {
        return boundAddresses.get(0).getPort();
    }

    /** The port the listener named {@code listener} is bound to. */
    public int port(String listener) {
        InetSocketAddress a = boundByName.get(listener);
        if (a == null) {
            throw new IllegalArgumentException("No listener named " + listener + " in " + boundByName.keySet());
        }
        return a.getPort();
    }

    /** {@code host:port} of the first listener as clients should use it. */
    public String bootstrapServers() {
        return self.host() + ":" + self.port();
    }

    /**
     * {@code host:port} of the first advertised listener whose security protocol is {@code protocol}, as clients
     * using that protocol should connect; empty when no listener has it.
     */
    public java.util.Optional<String> bootstrapServers(org.apache.kafka.common.security.auth.SecurityProtocol protocol)
            throws UnknownHostException {
        for (String advertised : config.advertisedListeners()) {
            String name = Listener.parse(BrokerConfig.ADVERTISED_LISTENERS, advertised).name();
            if (config.securityProtocol(name) == protocol) {
                BrokerNode node = advertisedNode(boundByName, advertised);
                return java.util.Optional.of(node.host() + ":" + node.port());
            }
        }
        return java.util.Optional.empty();
    }

    /** Leaders' ISR changes go to the replica manager, which is made after the partitions it manages. */
    private final class DeferredIsrChanges implements io.ferry.broker.partition.Partition.IsrChanges {
        @Override
        public void propose(io.ferry.broker.partition.Partition partition, io.ferry.broker.cluster.PartitionState p) {
            replicas.propose(partition, p);
        }

        @Override
        public boolean isEligible(int broker) {
            return replicas.isEligible(broker);
        }
    }

    /** The partition replicas this broker hosts (tests). */
    public PartitionManager partitions() {
        return partitions;
    }

    /** The roles of this broker's replicas; null on a single-node broker (tests). */
    public ReplicaManager replicaManager() {
        return replicas;
    }

    /** The cluster metadata this broker sees (tests). */
    public ClusterMetadata metadata() {
        return metadata;
    }

    @Override
    public void close() {
        closing = true; // a start still waiting for the ZooKeeper quorum gives up
        closeNow();
    }

    private synchronized void closeNow() {
        if (replicas != null) {
            // Stop following first: a follower still fetching after it deregistered would be taken back into ISRs.
            replicas.stopFetching();
        }
        if (cluster != null) {
            if (config.controlledShutdownEnable()) {
                // Hand leaderships to other in-sync replicas while still serving, so clients see no error.
                cluster.controlledShutdown(config.nodeId(), 30_000);
            }
            cluster.deregister();
        }
        if (network != null) {
            network.close();
            network = null;
        }
        if (replicas != null) {
            replicas.close();
            replicas = null;
        }
        if (authorizer != null) {
            try {
                authorizer.close();
            } catch (IOException e) {
                LOG.warn("Could not close the authorizer cleanly: {}", e.toString());
            }
            authorizer = null;
        }
        if (security != null) {
            security.close();
            security = null;
        }
        if (scram != null) {
            scram.close();
            scram = null;
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
        if (logScheduler != null) {
            logScheduler.shutdownNow();
            logScheduler = null;
        }
        if (txnVerifier != null) {
            txnVerifier.close();
            txnVerifier = null;
        }
        if (markerSender != null) {
            markerSender.close();
            markerSender = null;
        }
        if (coordinatorLoads != null) {
            coordinatorLoads.shutdownNow();
            coordinatorLoads = null;
        }
        if (partitions != null) {
            partitions.saveProducerStates();
            partitions = null;
        }
        if (logs != null) {
            try {
                logs.close();
            } catch (IOException e) {
                LOG.error("Could not close the logs cleanly: {}", e.toString());
            }
            logs = null;
        }
        if (dynamicStore != null) {
            dynamicStore.close();
            dynamicStore = null;
        }
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
        if (zookeeperPeer != null) {
            zookeeperPeer.close();
            zookeeperPeer = null;
        }
        LOG.info("Ferry broker {} stopped", config.nodeId());
    }
}

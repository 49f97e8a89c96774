package io.ferry.broker.zk;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.kafka.common.KafkaException;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.ferry.broker.config.BrokerConfig;
import io.ferry.broker.config.Listener;

/**
 * This broker's ephemeral registration {@code /brokers/ids/<id>} ({@link ZkData.BrokerRegistration}). The broker
 * epoch is the znode's czxid. A registration owned by another live session means two brokers share a
 * {@code broker.id}: {@link #register()} refuses it. After the session is lost, the broker registers again on the new
 * session (a new broker epoch); {@link #close()} removes the registration.
 */
public final class BrokerRegistry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerRegistry.class);

    private final ZkSession session;
    private final ZkData.BrokerRegistration registration;
    private final String path;
    private final ConnectionStateListener reconnect = this::stateChanged;
    private final ExecutorService worker;
    private volatile long brokerEpoch = -1;
    private long ownerSession;
    private boolean closed;

    public BrokerRegistry(ZkSession session, int brokerId, List<ZkData.Endpoint> endpoints, String rack) {
        this.session = session;
        this.registration = new ZkData.BrokerRegistration(brokerId, List.copyOf(endpoints), rack,
                System.currentTimeMillis());
        this.path = ZkPaths.broker(brokerId);
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "zk-broker-registry-" + brokerId);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * The broker's advertised listeners with their security protocols: a port of 0 becomes the bound port of that listener
     * ({@code boundPorts} by listener name), an empty host the local host name.
     */
    public static List<ZkData.Endpoint> advertisedEndpoints(BrokerConfig config, Map<String, Integer> boundPorts) {
        List<ZkData.Endpoint> out = new ArrayList<>();
        for (String l : config.advertisedListeners()) {
            Listener adv = Listener.parse(BrokerConfig.ADVERTISED_LISTENERS, l);
            int port = adv.port() == 0 ? boundPorts.getOrDefault(adv.name(), 0) : adv.port();
            out.add(new ZkData.Endpoint(adv.name(), adv.host().isEmpty() ? localHost() : adv.host(), port,
                    config.securityProtocol(adv.name()).name));
        }
        return out;
    }

    private static String localHost() {
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /** Registers (or confirms the registration on this session) and starts re-registering after session loss. */
    public synchronized BrokerRegistry register() {
        doRegister();
        session.addConnectionStateListener(reconnect);
        return this;
    }

    /** The czxid of the current registration: the broker epoch (-1 before registration). */
    public long brokerEpoch() {
        return brokerEpoch;
    }

    public ZkData.BrokerRegistration registration() {
        return registration;
    }

    private void doRegister() {
        CuratorFramework client = session.client();
        long sessionId = session.sessionId();
        try {
            Stat stat = new Stat();
            try {
                client.create().storingStatIn(stat).creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL)
                        .forPath(path, registration.encode());
            } catch (KeeperException.NodeExistsException e) {
                stat = client.checkExists().forPath(path);
                if (stat == null) {
                    doRegister();
                    return;
                }
                if (stat.getEphemeralOwner() == ownerSession && ownerSession != 0 && ownerSession != sessionId) {
                    LOG.info("Removing broker {} registration left by our expired session 0x{}", registration.id(),
                            Long.toHexString(ownerSession));
                    client.delete().withVersion(stat.getVersion()).forPath(path);
                    doRegister();
                    return;
                }
                if (stat.getEphemeralOwner() != sessionId && previousIncarnation(client, path)) {
                    awaitRemoval(client, path, stat.getEphemeralOwner());
                    doRegister();
                    return;
                }
                if (stat.getEphemeralOwner() != sessionId) {
                    throw new KafkaException("Broker id " + registration.id() + " is already registered in ZooKeeper at "
                            + session.connectString() + " by another broker (session 0x"
                            + Long.toHexString(stat.getEphemeralOwner())
                            + "): each broker needs a unique broker.id");
                }
            }
            ownerSession = sessionId;
            brokerEpoch = stat.getCzxid();
            LOG.info("Registered broker {} at {} with broker epoch {} (session 0x{})", registration.id(),
                    registration.endpoints(), brokerEpoch, Long.toHexString(sessionId));
        } catch (KafkaException e) {
            throw e;
        } catch (Exception e) {
            throw new KafkaException("Could not register broker " + registration.id() + " in ZooKeeper at "
                    + session.connectString() + ": " + e, e);
        }
    }

    private void stateChanged(CuratorFramework client, ConnectionState state) {
        if (state == ConnectionState.RECONNECTED) {
            worker.execute(this::reregisterIfGone);
        }
    }

    /** After a reconnection: registers again unless the registration still belongs to the current session. */
    private synchronized void reregisterIfGone() {
        if (closed) {
            return;
        }
        try {
            Stat stat = session.client().checkExists().forPath(path);
            if (stat != null && stat.getEphemeralOwner() == session.sessionId()) {
                return;
            }
            doRegister();
        } catch (Exception e) {
            LOG.warn("Could not register broker {} again after reconnecting to ZooKeeper: {}", registration.id(),
                    e.getMessage());
        }
    }

    /**
     * Whether the registration in the way advertises exactly our endpoints: this broker's previous process (killed
     * and restarted before its session expired), not another broker with the same id (which would listen elsewhere).
     */
    private boolean previousIncarnation(org.apache.curator.framework.CuratorFramework client, String path)
            throws Exception {
        try {
            ZkData.BrokerRegistration other = ZkData.BrokerRegistration.decode(registration.id(),
                    client.getData().forPath(path));
            return other.endpoints().equals(registration.endpoints());
        } catch (KeeperException.NoNodeException e) {
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Waits (at most the session timeout and 5 s) for our previous process's registration to expire. */
    private void awaitRemoval(org.apache.curator.framework.CuratorFramework client, String path, long owner)
            throws Exception {
        long waitMs = client.getZookeeperClient().getZooKeeper().getSessionTimeout() + 5000L;
        LOG.info("Broker {} is still registered by session 0x{} of its previous process; waiting up to {} ms for "
                + "that session to expire", registration.id(), Long.toHexString(owner), waitMs);
        long deadline = System.nanoTime() + waitMs * 1_000_000;
        while (client.checkExists().forPath(path) != null) {
            if (System.nanoTime() > deadline) {
                throw new KafkaException("Broker id " + registration.id() + " is still registered in ZooKeeper at "
                        + session.connectString() + " by session 0x" + Long.toHexString(owner) + " after " + waitMs
                        + " ms: another broker with this broker.id and the same listeners is running");
            }
            Thread.sleep(100);
        }
    }

    /** Removes the registration (if this session still owns it) and stops re-registering. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        session.removeConnectionStateListener(reconnect);
        worker.shutdownNow();
        if (!session.isConnected()) {
            LOG.info("Broker {} leaves without deregistering: ZooKeeper is not reachable (its registration ends "
                    + "with the session)", registration.id());
            return;
        }
        try {
            Stat stat = session.client().checkExists().forPath(path);
            if (stat != null && stat.getEphemeralOwner() == session.sessionId()) {
                session.client().delete().withVersion(stat.getVersion()).forPath(path);
                LOG.info("Deregistered broker {}", registration.id());
            }
        } catch (Exception e) {
            LOG.warn("Could not deregister broker {}: {}", registration.id(), e.getMessage());
        }
    }
}

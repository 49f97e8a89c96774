package io.ferry.broker.zk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ferry.broker.config.BrokerConfig;

/** The zookeeper.embedded.* keys of a broker: what is required, and the member id taken from the broker id. */
class BrokerZooKeeperPeerTest {

    @TempDir
    Path dir;

    private Properties ensemble() {
        Properties p = new Properties();
        p.setProperty("dataDir", dir.toString());
        p.setProperty("clientPort", "2181");
        p.setProperty("initLimit", "10");
        p.setProperty("syncLimit", "5");
        for (int n = 1; n <= 3; n++) {
            p.setProperty("server." + n, "localhost:" + (2887 + n) + ":" + (3887 + n));
        }
        return p;
    }

    @Test
    void theMemberIdIsTheBrokerIdWrittenToMyidOnFirstStartAndCheckedAfter() throws Exception {
        assertThat(BrokerZooKeeperPeer.parse(ensemble(), 2).getServerId()).isEqualTo(2);
        assertThat(Files.readString(dir.resolve("myid"))).isEqualTo("2");
        assertThat(BrokerZooKeeperPeer.parse(ensemble(), 2).getServerId()).isEqualTo(2);

        assertThatThrownBy(() -> BrokerZooKeeperPeer.parse(ensemble(), 3)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("myid says this ZooKeeper member is 2 but the broker id is 3")
                .hasMessageContaining("zookeeper.embedded.dataDir");
    }

    @Test
    void aBrokerMustBeAMemberOfTheEnsembleItRuns() {
        assertThatThrownBy(() -> BrokerZooKeeperPeer.parse(ensemble(), 4)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("zookeeper.embedded.server.4");
    }

    @Test
    void aDataDirAndZookeeperConnectAreRequired() {
        Properties noDir = ensemble();
        noDir.remove("dataDir");
        assertThatThrownBy(() -> BrokerZooKeeperPeer.parse(noDir, 1)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("zookeeper.embedded.dataDir");

        BrokerConfig noConnect = new BrokerConfig(Map.of("node.id", "1", "log.dirs", dir.resolve("logs").toString(),
                "zookeeper.embedded.dataDir", dir.toString(), "zookeeper.embedded.clientPort", "2181"));
        assertThatThrownBy(() -> BrokerZooKeeperPeer.start(noConnect)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("zookeeper.connect");
    }

    @Test
    void withoutEmbeddedKeysNothingStarts() throws Exception {
        assertThat(BrokerZooKeeperPeer.start(new BrokerConfig(Map.of("node.id", "1",
                "log.dirs", dir.toString())))).isEmpty();
    }
}

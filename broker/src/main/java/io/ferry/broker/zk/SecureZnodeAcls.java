package io.ferry.broker.zk;

import java.util.ArrayList;
import java.util.List;

import org.apache.curator.framework.api.ACLProvider;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;

/**
 * The ACLs of {@code zookeeper.set.acl=true}, Kafka's {@code ZkData.defaultAcls}: every znode gets
 * {@code CREATOR_ALL_ACL} (all rights for the identities the broker authenticated with: its SASL login, its TLS
 * certificate's subject) and, except below the sensitive roots (SCRAM credentials in {@code /config/users}, broker
 * configs, delegation tokens), {@code READ_ACL_UNSAFE} so anyone may read. Curator hands over paths with the chroot
 * (its namespace) in front; the rules apply to the path below it, and the chroot znode itself is readable.
 */
final class SecureZnodeAcls implements ACLProvider {

    static final List<String> SENSITIVE_ROOTS = List.of(ZkPaths.USER_CONFIGS, "/config/brokers", "/delegation_token");

    private final String chroot;

    /** {@code namespace}: Curator's namespace ({@code a/b} for chroot {@code /a/b}), or null. */
    SecureZnodeAcls(String namespace) {
        this.chroot = namespace == null ? "" : "/" + namespace;
    }

    @Override
    public List<ACL> getDefaultAcl() {
        return acls(false);
    }

    @Override
    public List<ACL> getAclForPath(String path) {
        boolean inChroot = path != null && !chroot.isEmpty() && (path.equals(chroot) || path.startsWith(chroot + "/"));
        String below = inChroot ? path.substring(chroot.length()) : path;
        return acls(isSensitive(below));
    }

    static boolean isSensitive(String path) {
        return path != null && SENSITIVE_ROOTS.stream().anyMatch(r -> path.equals(r) || path.startsWith(r + "/"));
    }

    private static List<ACL> acls(boolean sensitive) {
        List<ACL> acls = new ArrayList<>(ZooDefs.Ids.CREATOR_ALL_ACL);
        if (!sensitive) {
            acls.addAll(ZooDefs.Ids.READ_ACL_UNSAFE);
        }
        return acls;
    }
}

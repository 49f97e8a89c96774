package io.ferry.broker.acl;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.Resource;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.server.authorizer.Action;
import org.apache.kafka.server.authorizer.AuthorizationResult;
import org.apache.kafka.server.authorizer.Authorizer;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

import io.ferry.broker.network.RequestContext;
import io.ferry.broker.util.RepeatedLog;

/**
 * What API handlers ask before they act, as Kafka's {@code AuthHelper}: is an operation allowed on a resource, which
 * of several names are, and the authorized-operations bitfields. Without an authorizer everything is allowed.
 * Denials are audit-logged to {@code kafka.authorizer.logger} at INFO, except where a listing is only filtered; the
 * log is Ferry's rather than the authorizer's own so that a client repeating a denied request writes one line per
 * principal, host and kind of denial per interval, with a count ({@link RepeatedLog}).
 */
public final class Authorization {

    private static final Authorization DISABLED = new Authorization(null);

    /** The operations each resource type knows, as Kafka's {@code AclEntry.supportedOperations}. */
    private static final Map<ResourceType, List<AclOperation>> SUPPORTED = new EnumMap<>(Map.of(
            ResourceType.TOPIC, List.of(AclOperation.READ, AclOperation.WRITE, AclOperation.CREATE,
                    AclOperation.DESCRIBE, AclOperation.DELETE, AclOperation.ALTER, AclOperation.DESCRIBE_CONFIGS,
                    AclOperation.ALTER_CONFIGS),
            ResourceType.GROUP, List.of(AclOperation.READ, AclOperation.DESCRIBE, AclOperation.DELETE,
                    AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS),
            ResourceType.CLUSTER, List.of(AclOperation.CREATE, AclOperation.CLUSTER_ACTION,
                    AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS, AclOperation.IDEMPOTENT_WRITE,
                    AclOperation.ALTER, AclOperation.DESCRIBE),
            ResourceType.TRANSACTIONAL_ID, List.of(AclOperation.DESCRIBE, AclOperation.WRITE,
                    AclOperation.TWO_PHASE_COMMIT),
            ResourceType.DELEGATION_TOKEN, List.of(AclOperation.DESCRIBE),
            ResourceType.USER, List.of(AclOperation.CREATE_TOKENS, AclOperation.DESCRIBE_TOKENS)));

    /** How often each principal's repeated denials are summed up. */
    public static final long AUDIT_INTERVAL_MS = 10_000;

    private final Authorizer authorizer;
    private final RepeatedLog audit = new RepeatedLog(LoggerFactory.getLogger("kafka.authorizer.logger"),
            AUDIT_INTERVAL_MS, 1_000, System::currentTimeMillis);

    private Authorization(Authorizer authorizer) {
        this.authorizer = authorizer;
    }

    /** Sums up repeated denials whose interval is over (run periodically). */
    public void flushAuditLog() {
        audit.flush();
    }

    /** No authorizer configured: everything is allowed and the ACL APIs answer SECURITY_DISABLED. */
    public static Authorization disabled() {
        return DISABLED;
    }

    public static Authorization of(Authorizer authorizer) {
        return new Authorization(authorizer);
    }

    public Optional<Authorizer> authorizer() {
        return Optional.ofNullable(authorizer);
    }

    /** Whether {@code op} on the literal resource {@code type:name} is allowed (a denial is audit-logged). */
    public boolean allowed(RequestContext ctx, AclOperation op, ResourceType type, String name) {
        return authorizer == null || authorize(ctx, List.of(action(op, type, name, 1, true))).get(0);
    }

    /** Whether {@code op} on the cluster is allowed (a denial is audit-logged). */
    public boolean allowedOnCluster(RequestContext ctx, AclOperation op) {
        return allowed(ctx, op, ResourceType.CLUSTER, Resource.CLUSTER_NAME);
    }

    /** The same without logging a denial: for optional rights (a check that has an alternative). */
    public boolean allowedQuietly(RequestContext ctx, AclOperation op, ResourceType type, String name) {
        return authorizer == null || authorize(ctx, List.of(action(op, type, name, 1, false))).get(0);
    }

    /**
     * The names among {@code names} on which {@code op} is allowed. {@code logDenied} is false where the result only
     * filters a listing (Metadata of all topics, ListGroups).
     */
    public Set<String> allowedNames(RequestContext ctx, AclOperation op, ResourceType type,
                                    Collection<String> names, boolean logDenied) {
        if (authorizer == null) {
            return new HashSet<>(names);
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        names.forEach(n -> counts.merge(n, 1, Integer::sum));
        List<Action> actions = new ArrayList<>();
        counts.forEach((n, c) -> actions.add(action(op, type, n, c, logDenied)));
        List<Boolean> results = authorize(ctx, actions);
        Set<String> allowed = new HashSet<>();
        int i = 0;
        for (String n : counts.keySet()) {
            if (results.get(i++)) {
                allowed.add(n);
            }
        }
        return allowed;
    }

    /** Whether {@code op} is allowed on some resource of {@code type} (Kafka's authorizeByResourceType, KIP-679). */
    public boolean allowedOnAny(RequestContext ctx, AclOperation op, ResourceType type) {
        return authorizer == null
                || authorizer.authorizeByResourceType(new AuthContext(ctx), op, type) == AuthorizationResult.ALLOWED;
    }

    /** The bitfield of the operations allowed on {@code type:name} (every supported one without an authorizer). */
    public int operations(RequestContext ctx, ResourceType type, String name) {
        List<AclOperation> supported = SUPPORTED.getOrDefault(type, List.of());
        Set<Byte> codes = new HashSet<>();
        if (authorizer == null) {
            supported.forEach(op -> codes.add(op.code()));
        } else {
            List<Action> actions = supported.stream().map(op -> new Action(op,
                    new ResourcePattern(type, name, PatternType.LITERAL), 1, false, false)).toList();
            List<AuthorizationResult> results = authorizer.authorize(new AuthContext(ctx), actions);
            for (int i = 0; i < supported.size(); i++) {
                if (results.get(i) == AuthorizationResult.ALLOWED) {
                    codes.add(supported.get(i).code());
                }
            }
        }
        return Utils.to32BitField(codes);
    }

    /** An action; {@code logIfDenied} here means Ferry's audit line, the authorizer itself never logs. */
    private static Action action(AclOperation op, ResourceType type, String name, int count, boolean logDenied) {
        return new Action(op, new ResourcePattern(type, name, PatternType.LITERAL), count, false, logDenied);
    }

    private List<Boolean> authorize(RequestContext ctx, List<Action> actions) {
        List<Action> quiet = actions.stream().map(a -> new Action(a.operation(), a.resourcePattern(),
                a.resourceReferenceCount(), false, false)).toList();
        List<AuthorizationResult> results = authorizer.authorize(new AuthContext(ctx), quiet);
        for (int i = 0; i < actions.size(); i++) {
            Action a = actions.get(i);
            if (results.get(i) != AuthorizationResult.ALLOWED && a.logIfDenied()) {
                String who = ctx.principal() + " from " + ctx.clientAddress().getHostAddress();
                audit.log(Level.INFO, who, a.operation() + " " + a.resourcePattern().resourceType(),
                        "Principal = " + ctx.principal() + " is Denied operation = " + a.operation() + " from host = "
                                + ctx.clientAddress().getHostAddress() + " on resource = " + a.resourcePattern()
                                + " for request = " + ctx.header().apiKey() + " (client " + ctx.clientId() + ")");
            }
        }
        return results.stream().map(r -> r == AuthorizationResult.ALLOWED).toList();
    }
}

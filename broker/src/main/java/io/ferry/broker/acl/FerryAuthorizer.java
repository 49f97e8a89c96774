package io.ferry.broker.acl;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.Endpoint;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.UnknownServerException;
import org.apache.kafka.common.internals.Plugin;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.metadata.authorizer.StandardAcl;
import org.apache.kafka.metadata.authorizer.StandardAuthorizer;
import org.apache.kafka.server.authorizer.AclCreateResult;
import org.apache.kafka.server.authorizer.AclDeleteResult;
import org.apache.kafka.server.authorizer.Action;
import org.apache.kafka.server.authorizer.AuthorizableRequestContext;
import org.apache.kafka.server.authorizer.AuthorizationResult;
import org.apache.kafka.server.authorizer.Authorizer;
import org.apache.kafka.server.authorizer.AuthorizerServerInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ferry's built-in authorizer: Kafka's {@link StandardAuthorizer} decides, this class keeps it fed from an
 * {@link AclStore}. Every change goes through the store first and is then read back into the authorizer
 * ({@link #refresh}), also when another broker made it, so each broker's view converges on the store's. Configured
 * with Kafka's keys ({@code super.users}, {@code allow.everyone.if.no.acl.found}).
 */
public final class FerryAuthorizer implements Authorizer {

    private static final Logger LOG = LoggerFactory.getLogger(FerryAuthorizer.class);

    private final AclStore store;
    private final StandardAuthorizer engine = new StandardAuthorizer();
    private final Metrics metrics = new Metrics();
    private Plugin<StandardAuthorizer> plugin;
    /** The id under which each stored entry was given to the engine, by resource. Guarded by this. */
    private final Map<ResourcePattern, Map<AccessControlEntry, Uuid>> loaded = new HashMap<>();

    public FerryAuthorizer(AclStore store) {
        this.store = store;
    }

    @Override
    public void configure(Map<String, ?> configs) {
        engine.configure(configs);
        // StandardAuthorizer is Monitorable: without plugin metrics its authorize() fails with an NPE (Kafka 4.3).
        plugin = Plugin.wrapInstance(engine, metrics, "authorizer.class.name");
    }

    /** Loads every stored ACL, then follows changes other brokers make. */
    @Override
    public synchronized Map<Endpoint, ? extends CompletionStage<Void>> start(AuthorizerServerInfo serverInfo) {
        Map<Uuid, StandardAcl> snapshot = new HashMap<>();
        store.loadAll().forEach((resource, entries) -> {
            Map<AccessControlEntry, Uuid> ids = new HashMap<>();
            for (AccessControlEntry e : entries) {
                Uuid id = Uuid.randomUuid();
                snapshot.put(id, StandardAcl.fromAclBinding(new AclBinding(resource, e)));
                ids.put(e, id);
            }
            loaded.put(resource, ids);
        });
        engine.loadSnapshot(snapshot);
        engine.completeInitialLoad();
        store.watch(this::refresh);
        LOG.info("Authorizer started with {} ACLs on {} resources", snapshot.size(), loaded.size());
        Map<Endpoint, CompletableFuture<Void>> ready = new HashMap<>();
        if (serverInfo != null) {
            serverInfo.endpoints().forEach(e -> ready.put(e, CompletableFuture.completedFuture(null)));
        }
        return ready;
    }

    /** Makes the engine hold exactly the stored entries of {@code resource}. */
    synchronized void refresh(ResourcePattern resource) {
        Set<AccessControlEntry> now = store.read(resource);
        Map<AccessControlEntry, Uuid> ids = loaded.computeIfAbsent(resource, r -> new HashMap<>());
        ids.entrySet().removeIf(e -> {
            if (now.contains(e.getKey())) {
                return false;
            }
            engine.removeAcl(e.getValue());
            return true;
        });
        for (AccessControlEntry e : now) {
            if (!ids.containsKey(e)) {
                Uuid id = Uuid.randomUuid();
                engine.addAcl(id, StandardAcl.fromAclBinding(new AclBinding(resource, e)));
                ids.put(e, id);
            }
        }
        if (ids.isEmpty()) {
            loaded.remove(resource);
        }
    }

    @Override
    public List<AuthorizationResult> authorize(AuthorizableRequestContext ctx, List<Action> actions) {
        return plugin.get().authorize(ctx, actions);
    }

    @Override
    public List<? extends CompletionStage<AclCreateResult>> createAcls(AuthorizableRequestContext ctx,
                                                                        List<AclBinding> bindings) {
        AclCreateResult[] results = new AclCreateResult[bindings.size()];
        Map<ResourcePattern, Set<AccessControlEntry>> toAdd = new LinkedHashMap<>();
        for (int i = 0; i < bindings.size(); i++) {
            try {
                AclValidation.validate(bindings.get(i));
                toAdd.computeIfAbsent(bindings.get(i).pattern(), r -> new LinkedHashSet<>())
                        .add(bindings.get(i).entry());
            } catch (ApiException e) {
                results[i] = new AclCreateResult(e);
            }
        }
        Map<ResourcePattern, ApiException> failed = new HashMap<>();
        toAdd.forEach((resource, entries) -> {
            try {
                store.update(resource, current -> {
                    Set<AccessControlEntry> next = new LinkedHashSet<>(current);
                    next.addAll(entries);
                    return next;
                });
                refresh(resource);
                LOG.info("{} added ACLs on {}: {}", ctx.principal(), resource, entries);
            } catch (RuntimeException e) {
                LOG.error("Could not store ACLs on {}: {}", resource, e.toString());
                failed.put(resource, new UnknownServerException("Could not store the ACLs: " + e.getMessage()));
            }
        });
        List<CompletableFuture<AclCreateResult>> out = new ArrayList<>();
        for (int i = 0; i < results.length; i++) {
            AclCreateResult r = results[i];
            if (r == null) {
                ApiException e = failed.get(bindings.get(i).pattern());
                r = e == null ? AclCreateResult.SUCCESS : new AclCreateResult(e);
            }
            out.add(CompletableFuture.completedFuture(r));
        }
        return out;
    }

    @Override
    public List<? extends CompletionStage<AclDeleteResult>> deleteAcls(AuthorizableRequestContext ctx,
                                                                        List<AclBindingFilter> filters) {
        List<CompletableFuture<AclDeleteResult>> out = new ArrayList<>();
        for (AclBindingFilter filter : filters) {
            out.add(CompletableFuture.completedFuture(delete(ctx, filter)));
        }
        return out;
    }

    private AclDeleteResult delete(AuthorizableRequestContext ctx, AclBindingFilter filter) {
        List<ResourcePattern> candidates;
        synchronized (this) {
            candidates = loaded.keySet().stream().filter(r -> filter.patternFilter().matches(r)).toList();
        }
        List<AclDeleteResult.AclBindingDeleteResult> deleted = new ArrayList<>();
        try {
            for (ResourcePattern resource : candidates) {
                List<AclBinding> removed = new ArrayList<>();
                store.update(resource, current -> {
                    removed.clear();
                    Set<AccessControlEntry> next = new LinkedHashSet<>();
                    for (AccessControlEntry e : current) {
                        AclBinding b = new AclBinding(resource, e);
                        if (filter.matches(b)) {
                            removed.add(b);
                        } else {
                            next.add(e);
                        }
                    }
                    return next;
                });
                refresh(resource);
                if (!removed.isEmpty()) {
                    LOG.info("{} deleted ACLs on {}: {}", ctx.principal(), resource,
                            removed.stream().map(AclBinding::entry).toList());
                }
                removed.forEach(b -> deleted.add(new AclDeleteResult.AclBindingDeleteResult(b)));
            }
        } catch (RuntimeException e) {
            LOG.error("Could not delete ACLs matching {}: {}", filter, e.toString());
            return new AclDeleteResult(new UnknownServerException("Could not delete the ACLs: " + e.getMessage()));
        }
        return new AclDeleteResult(deleted);
    }

    @Override
    public Iterable<AclBinding> acls(AclBindingFilter filter) {
        return engine.acls(filter);
    }

    @Override
    public int aclCount() {
        return engine.aclCount();
    }

    @Override
    public void close() throws IOException {
        store.close();
        engine.close();
        metrics.close();
    }
}

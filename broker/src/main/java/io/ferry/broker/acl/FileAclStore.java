package io.ferry.broker.acl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.utils.SecurityUtils;

import io.ferry.broker.util.AtomicFiles;

/**
 * A single node's ACLs in one JSON file under the data folder, rewritten atomically on every change:
 * {@code {"version":1,"resources":[{"resourceType":"Topic","patternType":"LITERAL","name":"orders","acls":[...]}]}}
 * where {@code acls} is Kafka's ZooKeeper-era entry list ({@link AclJson}).
 */
public final class FileAclStore implements AclStore {

    private final Path file;
    private final Map<ResourcePattern, Set<AccessControlEntry>> acls = new LinkedHashMap<>();

    public FileAclStore(Path file) {
        this.file = file;
        if (Files.exists(file)) {
            try {
                read(Files.readAllBytes(file));
            } catch (IOException e) {
                throw new UncheckedIOException("Could not read the ACLs in " + file, e);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void read(byte[] data) throws IOException {
        Map<String, Object> root = AclJson.mapper().readValue(data, Map.class);
        for (Map<String, Object> r : (List<Map<String, Object>>) root.getOrDefault("resources", List.of())) {
            ResourcePattern pattern = new ResourcePattern(SecurityUtils.resourceType((String) r.get("resourceType")),
                    (String) r.get("name"), PatternType.fromString((String) r.get("patternType")));
            acls.put(pattern, AclJson.entries(r.get("acls")));
        }
    }

    @Override
    public synchronized Map<ResourcePattern, Set<AccessControlEntry>> loadAll() {
        Map<ResourcePattern, Set<AccessControlEntry>> copy = new LinkedHashMap<>();
        acls.forEach((r, e) -> copy.put(r, Set.copyOf(e)));
        return copy;
    }

    @Override
    public synchronized Set<AccessControlEntry> read(ResourcePattern resource) {
        return Set.copyOf(acls.getOrDefault(resource, Set.of()));
    }

    @Override
    public synchronized void update(ResourcePattern resource, UnaryOperator<Set<AccessControlEntry>> change) {
        Set<AccessControlEntry> before = acls.getOrDefault(resource, Set.of());
        Set<AccessControlEntry> after = new LinkedHashSet<>(change.apply(Set.copyOf(before)));
        if (after.equals(before)) {
            return;
        }
        if (after.isEmpty()) {
            acls.remove(resource);
        } else {
            acls.put(resource, after);
        }
        try {
            AtomicFiles.write(file, encode());
        } catch (IOException | RuntimeException e) {
            if (before.isEmpty()) {
                acls.remove(resource);
            } else {
                acls.put(resource, before);
            }
            throw new UncheckedIOException("Could not write the ACLs to " + file, e instanceof IOException io
                    ? io : new IOException(e));
        }
    }

    private byte[] encode() throws IOException {
        List<Map<String, Object>> resources = new ArrayList<>();
        acls.forEach((r, entries) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("resourceType", SecurityUtils.resourceTypeName(r.resourceType()));
            m.put("patternType", r.patternType().name());
            m.put("name", r.name());
            m.put("acls", AclJson.entries(entries));
            resources.add(m);
        });
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("version", 1);
        root.put("resources", resources);
        return AclJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    }

    @Override
    public void watch(Consumer<ResourcePattern> changed) {
        // Only this broker changes a single node's ACLs.
    }

    @Override
    public void close() {
    }
}

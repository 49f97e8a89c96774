package io.ferry.broker.acl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.utils.SecurityUtils;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The JSON of one resource's ACLs exactly as Apache Kafka's ZooKeeper-era {@code AclAuthorizer} wrote it:
 * {@code {"version":1,"acls":[{"principal":"User:alice","permissionType":"Allow","operation":"Read","host":"*"}]}}.
 */
public final class AclJson {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private AclJson() {
    }

    public static byte[] encode(Set<AccessControlEntry> entries) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", 1);
        m.put("acls", entries(entries));
        try {
            return JSON.writeValueAsBytes(m);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Set<AccessControlEntry> decode(byte[] data) {
        if (data == null || data.length == 0) {
            return Set.of();
        }
        try {
            return entries(JSON.readValue(data, MAP).get("acls"));
        } catch (IOException e) {
            throw new UncheckedIOException("Malformed ACL JSON: " + e.getMessage(), e);
        }
    }

    /** The {@code acls} array of Kafka's JSON, as maps. */
    static List<Map<String, String>> entries(Set<AccessControlEntry> entries) {
        List<Map<String, String>> out = new ArrayList<>();
        for (AccessControlEntry e : entries) {
            Map<String, String> acl = new LinkedHashMap<>();
            acl.put("principal", e.principal());
            acl.put("permissionType", SecurityUtils.permissionTypeName(e.permissionType()));
            acl.put("operation", SecurityUtils.operationName(e.operation()));
            acl.put("host", e.host());
            out.add(acl);
        }
        return out;
    }

    /** Reads Kafka's {@code acls} array. */
    @SuppressWarnings("unchecked")
    static Set<AccessControlEntry> entries(Object acls) {
        Set<AccessControlEntry> out = new LinkedHashSet<>();
        if (acls == null) {
            return out;
        }
        for (Map<String, Object> acl : (List<Map<String, Object>>) acls) {
            out.add(new AccessControlEntry(String.valueOf(acl.get("principal")), String.valueOf(acl.get("host")),
                    SecurityUtils.operation(String.valueOf(acl.get("operation"))),
                    SecurityUtils.permissionType(String.valueOf(acl.get("permissionType")))));
        }
        return out;
    }

    static ObjectMapper mapper() {
        return JSON;
    }
}

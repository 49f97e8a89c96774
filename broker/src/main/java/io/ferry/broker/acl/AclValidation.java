package io.ferry.broker.acl;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.Resource;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.utils.SecurityUtils;

/**
 * The checks Kafka makes on a new ACL ({@code AclControlManager.validateNewAcl} and {@code AclApis}): definite
 * resource type, pattern type, operation and permission, a non-empty name, {@code kafka-cluster} as the only CLUSTER
 * name, and a principal of the form {@code Type:name}. A failure is INVALID_REQUEST.
 */
final class AclValidation {

    private AclValidation() {
    }

    static void validate(AclBinding binding) {
        ResourcePattern p = binding.pattern();
        AccessControlEntry e = binding.entry();
        if (p.resourceType() == ResourceType.UNKNOWN || p.resourceType() == ResourceType.ANY) {
            throw new InvalidRequestException("Invalid resourceType " + p.resourceType());
        }
        if (p.patternType() != PatternType.LITERAL && p.patternType() != PatternType.PREFIXED) {
            throw new InvalidRequestException("Invalid patternType " + p.patternType()
                    + "; an ACL's pattern type is LITERAL or PREFIXED");
        }
        if (e.operation() == AclOperation.UNKNOWN || e.operation() == AclOperation.ANY) {
            throw new InvalidRequestException("Invalid operation " + e.operation());
        }
        if (e.permissionType() == AclPermissionType.UNKNOWN || e.permissionType() == AclPermissionType.ANY) {
            throw new InvalidRequestException("Invalid permissionType " + e.permissionType());
        }
        if (p.name() == null || p.name().isEmpty()) {
            throw new InvalidRequestException("Resource name should not be empty");
        }
        if (p.resourceType() == ResourceType.CLUSTER && !Resource.CLUSTER_NAME.equals(p.name())) {
            throw new InvalidRequestException("The only valid name for the CLUSTER resource is kafka-cluster");
        }
        if (e.host() == null || e.host().isEmpty()) {
            throw new InvalidRequestException("Invalid host: an ACL's host is an address or *");
        }
        try {
            SecurityUtils.parseKafkaPrincipal(e.principal());
        } catch (IllegalArgumentException | NullPointerException ex) {
            throw new InvalidRequestException("Invalid principal '" + e.principal()
                    + "': expected Type:name, such as User:alice");
        }
    }
}

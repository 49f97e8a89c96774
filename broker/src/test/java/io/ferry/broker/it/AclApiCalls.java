package io.ferry.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.message.CreateAclsRequestData;
import org.apache.kafka.common.message.DeleteAclsRequestData;
import org.apache.kafka.common.message.DescribeAclsRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.CreateAclsRequest;
import org.apache.kafka.common.requests.CreateAclsResponse;
import org.apache.kafka.common.requests.DeleteAclsRequest;
import org.apache.kafka.common.requests.DeleteAclsResponse;
import org.apache.kafka.common.requests.DescribeAclsResponse;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Conformance calls of the ACL APIs (the conformance broker runs the authorizer): each version creates a prefixed
 * ACL of its own, describes it back and deletes it.
 */
final class AclApiCalls {

    private AclApiCalls() {
    }

    private static AclBinding binding(short v) {
        return new AclBinding(new ResourcePattern(ResourceType.TOPIC, "conf-acl-" + v + "-", PatternType.PREFIXED),
                new AccessControlEntry("User:conf-" + v, "*", AclOperation.READ, AclPermissionType.ALLOW));
    }

    static void register(Map<ApiKeys, ConformanceFixture.Step> steps) {
        steps.put(ApiKeys.CREATE_ACLS, (c, v) -> create(c, v, binding(v)));
        steps.put(ApiKeys.DESCRIBE_ACLS, (c, v) -> {
            AclBinding b = binding(v);
            create(c, ApiKeys.CREATE_ACLS.latestVersion(), b);
            DescribeAclsResponse r = c.call(ApiKeys.DESCRIBE_ACLS, v, describe(b));
            assertThat(Errors.forCode(r.data().errorCode())).isEqualTo(Errors.NONE);
            assertThat(DescribeAclsResponse.aclBindings(r.data().resources())).containsExactly(b);
        });
        steps.put(ApiKeys.DELETE_ACLS, (c, v) -> {
            AclBinding b = binding(v);
            create(c, ApiKeys.CREATE_ACLS.latestVersion(), b);
            DeleteAclsRequestData d = new DeleteAclsRequestData().setFilters(new ArrayList<>(List.of(
                    DeleteAclsRequest.deleteAclsFilter(b.toFilter()))));
            DeleteAclsResponse r = c.call(ApiKeys.DELETE_ACLS, v, d);
            var result = r.data().filterResults().get(0);
            assertThat(Errors.forCode(result.errorCode())).isEqualTo(Errors.NONE);
            assertThat(result.matchingAcls()).hasSize(1);
        });
    }

    private static void create(VersionedClient c, short v, AclBinding b) throws Exception {
        CreateAclsResponse r = c.call(ApiKeys.CREATE_ACLS, v, new CreateAclsRequestData().setCreations(
                new ArrayList<>(List.of(CreateAclsRequest.aclCreation(b)))));
        assertThat(Errors.forCode(r.results().get(0).errorCode())).isEqualTo(Errors.NONE);
    }

    private static DescribeAclsRequestData describe(AclBinding b) {
        AclBindingFilter f = b.toFilter();
        ResourcePatternFilter p = f.patternFilter();
        return new DescribeAclsRequestData().setResourceTypeFilter(p.resourceType().code())
                .setResourceNameFilter(p.name()).setPatternTypeFilter(p.patternType().code())
                .setPrincipalFilter(f.entryFilter().principal()).setHostFilter(f.entryFilter().host())
                .setOperation(f.entryFilter().operation().code())
                .setPermissionType(f.entryFilter().permissionType().code());
    }
}

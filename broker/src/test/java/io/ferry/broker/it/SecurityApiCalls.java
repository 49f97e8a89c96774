package io.ferry.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.message.AlterUserScramCredentialsRequestData;
import org.apache.kafka.common.message.AlterUserScramCredentialsRequestData.ScramCredentialDeletion;
import org.apache.kafka.common.message.AlterUserScramCredentialsRequestData.ScramCredentialUpsertion;
import org.apache.kafka.common.message.DescribeClientQuotasRequestData;
import org.apache.kafka.common.message.DescribeUserScramCredentialsRequestData;
import org.apache.kafka.common.message.DescribeUserScramCredentialsRequestData.UserName;
import org.apache.kafka.common.message.SaslAuthenticateRequestData;
import org.apache.kafka.common.message.SaslHandshakeRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AlterUserScramCredentialsResponse;
import org.apache.kafka.common.requests.DescribeClientQuotasResponse;
import org.apache.kafka.common.requests.DescribeUserScramCredentialsResponse;
import org.apache.kafka.common.requests.SaslAuthenticateResponse;
import org.apache.kafka.common.requests.SaslHandshakeResponse;
import org.apache.kafka.common.security.scram.internals.ScramFormatter;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;

/**
 * Conformance calls of the SASL and SCRAM credential APIs on the fixture's PLAINTEXT listener: SASL requests there are
 * answered ILLEGAL_SASL_STATE (as Kafka does) and the connection stays open; a SCRAM credential is set, described and
 * deleted.
 */
final class SecurityApiCalls {

    private SecurityApiCalls() {
    }

    static void register(Map<ApiKeys, ConformanceFixture.Step> steps, ConformanceFixture f) {
        registerQuotas(steps);
        steps.put(ApiKeys.SASL_HANDSHAKE, (c, v) -> {
            SaslHandshakeResponse r = c.call(ApiKeys.SASL_HANDSHAKE, v,
                    new SaslHandshakeRequestData().setMechanism("PLAIN"));
            assertThat(r.error()).isEqualTo(Errors.ILLEGAL_SASL_STATE);
        });
        steps.put(ApiKeys.SASL_AUTHENTICATE, (c, v) -> {
            SaslAuthenticateResponse r = c.call(ApiKeys.SASL_AUTHENTICATE, v,
                    new SaslAuthenticateRequestData().setAuthBytes(new byte[0]));
            assertThat(r.error()).isEqualTo(Errors.ILLEGAL_SASL_STATE);
        });
        steps.put(ApiKeys.ALTER_USER_SCRAM_CREDENTIALS, (c, v) -> {
            String user = "conf-user-" + v;
            AlterUserScramCredentialsResponse set = c.call(ApiKeys.ALTER_USER_SCRAM_CREDENTIALS, v,
                    new AlterUserScramCredentialsRequestData().setUpsertions(new ArrayList<>(List.of(upsert(user)))));
            assertThat(set.data().results()).allMatch(r -> r.errorCode() == Errors.NONE.code());
            AlterUserScramCredentialsResponse deleted = c.call(ApiKeys.ALTER_USER_SCRAM_CREDENTIALS, v,
                    new AlterUserScramCredentialsRequestData().setDeletions(new ArrayList<>(List.of(
                            new ScramCredentialDeletion().setName(user).setMechanism((byte) 1)))));
            assertThat(deleted.data().results()).allMatch(r -> r.errorCode() == Errors.NONE.code());
        });
        steps.put(ApiKeys.DESCRIBE_USER_SCRAM_CREDENTIALS, (c, v) -> {
            String user = "conf-described-" + v;
            c.call(ApiKeys.ALTER_USER_SCRAM_CREDENTIALS, f.max(ApiKeys.ALTER_USER_SCRAM_CREDENTIALS),
                    new AlterUserScramCredentialsRequestData().setUpsertions(new ArrayList<>(List.of(upsert(user)))));
            DescribeUserScramCredentialsResponse r = c.call(ApiKeys.DESCRIBE_USER_SCRAM_CREDENTIALS, v,
                    new DescribeUserScramCredentialsRequestData().setUsers(new ArrayList<>(List.of(
                            new UserName().setName(user)))));
            assertThat(r.data().results()).singleElement().satisfies(u -> {
                assertThat(u.errorCode()).isEqualTo(Errors.NONE.code());
                assertThat(u.credentialInfos()).singleElement().satisfies(i -> assertThat(i.iterations())
                        .isEqualTo(4096));
            });
        });
    }

    /** DescribeClientQuotas: Ferry has no quotas, so any filter matches nothing. */
    static void registerQuotas(Map<ApiKeys, ConformanceFixture.Step> steps) {
        steps.put(ApiKeys.DESCRIBE_CLIENT_QUOTAS, (c, v) -> {
            DescribeClientQuotasResponse r = c.call(ApiKeys.DESCRIBE_CLIENT_QUOTAS, v,
                    new DescribeClientQuotasRequestData().setComponents(new ArrayList<>(List.of(
                            new DescribeClientQuotasRequestData.ComponentData().setEntityType("user")
                                    .setMatchType((byte) 0).setMatch("carol")))));
            assertThat(Errors.forCode(r.data().errorCode())).isEqualTo(Errors.NONE);
            assertThat(r.data().entries()).isEmpty();
        });
    }

    private static ScramCredentialUpsertion upsert(String user) throws Exception {
        byte[] salt = new byte[] {1, 2, 3, 4, 5, 6, 7, 8};
        byte[] salted = new ScramFormatter(ScramMechanism.SCRAM_SHA_256).hi("secret".getBytes(), salt, 4096);
        return new ScramCredentialUpsertion().setName(user).setMechanism((byte) 1).setIterations(4096)
                .setSalt(salt).setSaltedPassword(salted);
    }
}

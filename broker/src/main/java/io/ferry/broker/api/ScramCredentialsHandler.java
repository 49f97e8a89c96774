package io.ferry.broker.api;

import java.io.IOException;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.UnknownServerException;
import org.apache.kafka.common.message.AlterUserScramCredentialsRequestData.ScramCredentialDeletion;
import org.apache.kafka.common.message.AlterUserScramCredentialsRequestData.ScramCredentialUpsertion;
import org.apache.kafka.common.message.AlterUserScramCredentialsResponseData;
import org.apache.kafka.common.message.AlterUserScramCredentialsResponseData.AlterUserScramCredentialsResult;
import org.apache.kafka.common.message.DescribeUserScramCredentialsRequestData.UserName;
import org.apache.kafka.common.message.DescribeUserScramCredentialsResponseData;
import org.apache.kafka.common.message.DescribeUserScramCredentialsResponseData.CredentialInfo;
import org.apache.kafka.common.message.DescribeUserScramCredentialsResponseData.DescribeUserScramCredentialsResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AlterUserScramCredentialsRequest;
import org.apache.kafka.common.requests.AlterUserScramCredentialsResponse;
import org.apache.kafka.common.requests.DescribeUserScramCredentialsRequest;
import org.apache.kafka.common.requests.DescribeUserScramCredentialsResponse;
import org.apache.kafka.common.security.scram.ScramCredential;
import org.apache.kafka.common.security.scram.internals.ScramFormatter;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;

import io.ferry.broker.acl.Authorization;
import io.ferry.broker.network.RequestContext;
import io.ferry.broker.security.ScramCredentialStore.Change;
import io.ferry.broker.security.ScramCredentials;

/**
 * DescribeUserScramCredentials 0 and AlterUserScramCredentials 0 (KIP-554, what {@code kafka-configs --entity-type
 * users} calls), with the error rules of Kafka's {@code ScramControlManager}. The client sends the salted password,
 * never the password; the broker stores the derived stored and server keys. Each user's changes are applied together
 * or refused together.
 */
public final class ScramCredentialsHandler implements ApiFamily {

    private final ScramCredentials credentials;
    private final Executor blocking;
    private final Authorization authz;

    /**
     * @param blocking where writes run (ZooKeeper in a cluster); null to run on the network thread
     * @param authz    DESCRIBE (describe) and ALTER (alter) on the cluster, as Kafka checks
     */
    public ScramCredentialsHandler(ScramCredentials credentials, Executor blocking, Authorization authz) {
        this.credentials = credentials;
        this.blocking = blocking;
        this.authz = authz;
    }

    @Override
    public void registerWith(ApiRegistry registry) {
        registry.register(ApiKeys.DESCRIBE_USER_SCRAM_CREDENTIALS, 0, 0, AuthGuard.cluster(authz,
                AclOperation.DESCRIBE, (RequestContext ctx, DescribeUserScramCredentialsRequest request) ->
                        ApiHandler.done(describe(request))));
        registry.register(ApiKeys.ALTER_USER_SCRAM_CREDENTIALS, 0, 0, AuthGuard.cluster(authz, AclOperation.ALTER,
                ApiHandler.on(blocking, (RequestContext ctx, AlterUserScramCredentialsRequest request) ->
                        ApiHandler.done(alter(request)))));
    }

    private DescribeUserScramCredentialsResponse describe(DescribeUserScramCredentialsRequest request) {
        Map<String, Map<ScramMechanism, ScramCredential>> users = credentials.users();
        List<String> names = new ArrayList<>();
        if (request.data().users() == null || request.data().users().isEmpty()) {
            names.addAll(users.keySet());
        } else {
            request.data().users().stream().map(UserName::name).forEach(names::add);
        }
        Set<String> seen = new HashSet<>();
        Set<String> duplicates = new HashSet<>();
        names.forEach(n -> {
            if (!seen.add(n)) {
                duplicates.add(n);
            }
        });
        DescribeUserScramCredentialsResponseData data = new DescribeUserScramCredentialsResponseData();
        for (String name : new LinkedHashSet<>(names)) {
            DescribeUserScramCredentialsResult r = new DescribeUserScramCredentialsResult().setUser(name);
            if (duplicates.contains(name)) {
                r.setErrorCode(Errors.DUPLICATE_RESOURCE.code())
                        .setErrorMessage("Cannot describe SCRAM credentials for the same user twice in a single request: "
                                + name);
            } else if (!users.containsKey(name)) {
                r.setErrorCode(Errors.RESOURCE_NOT_FOUND.code())
                        .setErrorMessage("Attempt to describe a user credential that does not exist: " + name);
            } else {
                users.get(name).forEach((m, c) -> r.credentialInfos().add(new CredentialInfo()
                        .setMechanism(m.type()).setIterations(c.iterations())));
            }
            data.results().add(r);
        }
        return new DescribeUserScramCredentialsResponse(data);
    }

    private AlterUserScramCredentialsResponse alter(AlterUserScramCredentialsRequest request) {
        Map<String, List<Change>> byUser = new LinkedHashMap<>();
        Map<String, Errors> errors = new LinkedHashMap<>();
        Map<String, String> messages = new LinkedHashMap<>();
        Set<String> pairs = new HashSet<>();
        for (ScramCredentialDeletion d : request.data().deletions()) {
            check(d.name(), d.mechanism(), null, pairs, byUser, errors, messages);
        }
        for (ScramCredentialUpsertion u : request.data().upsertions()) {
            check(u.name(), u.mechanism(), u, pairs, byUser, errors, messages);
        }
        List<Change> accepted = new ArrayList<>();
        byUser.forEach((user, changes) -> {
            if (!errors.containsKey(user)) {
                accepted.addAll(changes);
            }
        });
        if (!accepted.isEmpty()) {
            try {
                credentials.apply(accepted);
            } catch (IOException e) {
                throw new UnknownServerException("Could not store the SCRAM credentials: " + e.getMessage());
            }
        }
        AlterUserScramCredentialsResponseData data = new AlterUserScramCredentialsResponseData();
        for (String user : byUser.keySet()) {
            Errors error = errors.getOrDefault(user, Errors.NONE);
            data.results().add(new AlterUserScramCredentialsResult().setUser(user).setErrorCode(error.code())
                    .setErrorMessage(messages.get(user)));
        }
        return new AlterUserScramCredentialsResponse(data);
    }

    /** Validates one alteration, recording the change or the user's (first) error. */
    private void check(String user, byte type, ScramCredentialUpsertion upsert, Set<String> pairs,
                       Map<String, List<Change>> byUser, Map<String, Errors> errors, Map<String, String> messages) {
        List<Change> changes = byUser.computeIfAbsent(user, u -> new ArrayList<>());
        ScramMechanism mechanism = mechanism(type);
        String error = null;
        Errors code = Errors.NONE;
        if (user.isEmpty()) {
            code = Errors.UNACCEPTABLE_CREDENTIAL;
            error = "Username must not be empty";
        } else if (mechanism == null) {
            code = Errors.UNSUPPORTED_SASL_MECHANISM;
            error = "Unknown SCRAM mechanism";
        } else if (!pairs.add(user + "\u0000" + mechanism)) {
            code = Errors.DUPLICATE_RESOURCE;
            error = "A user credential cannot be altered twice in the same request";
        } else if (upsert == null && credentials.get(user, mechanism).isEmpty()) {
            code = Errors.RESOURCE_NOT_FOUND;
            error = "Attempt to delete a user credential that does not exist";
        } else if (upsert != null && upsert.iterations() < mechanism.minIterations()) {
            code = Errors.UNACCEPTABLE_CREDENTIAL;
            error = "Too few iterations";
        } else if (upsert != null && upsert.iterations() > mechanism.maxIterations()) {
            code = Errors.UNACCEPTABLE_CREDENTIAL;
            error = "Too many iterations";
        }
        if (code != Errors.NONE) {
            errors.putIfAbsent(user, code);
            messages.putIfAbsent(user, error);
            return;
        }
        changes.add(new Change(user, mechanism, upsert == null ? null : credential(mechanism, upsert)));
    }

    private static ScramMechanism mechanism(byte type) {
        for (ScramMechanism m : ScramMechanism.values()) {
            if (m.type() == type) {
                return m;
            }
        }
        return null;
    }

    private static ScramCredential credential(ScramMechanism mechanism, ScramCredentialUpsertion u) {
        try {
            return new ScramFormatter(mechanism).generateCredential(u.salt(), u.saltedPassword(), u.iterations());
        } catch (NoSuchAlgorithmException e) {
            throw new UnknownServerException(mechanism.mechanismName() + " is not available in this JVM");
        }
    }
}

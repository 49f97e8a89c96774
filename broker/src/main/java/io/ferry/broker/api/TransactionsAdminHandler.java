package io.ferry.broker.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.PatternSyntaxException;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.DescribeTransactionsResponseData;
import org.apache.kafka.common.message.DescribeTransactionsResponseData.TopicData;
import org.apache.kafka.common.message.DescribeTransactionsResponseData.TopicDataCollection;
import org.apache.kafka.common.message.ListTransactionsRequestData;
import org.apache.kafka.common.message.ListTransactionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DescribeTransactionsRequest;
import org.apache.kafka.common.requests.DescribeTransactionsResponse;
import org.apache.kafka.common.requests.ListTransactionsRequest;
import org.apache.kafka.common.requests.ListTransactionsResponse;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.utils.Time;

import io.ferry.broker.acl.Authorization;
import io.ferry.broker.network.RequestContext;
import io.ferry.broker.txn.TransactionCoordinator;
import io.ferry.broker.txn.TxnDescription;
import io.ferry.broker.txn.TxnState;
import io.ferry.broker.util.BoundedRegex;

/**
 * The coordinator's view of transactions for {@code kafka-transactions list|describe|find-hanging}:
 * DescribeTransactions 0 (per id: DESCRIBE on the transactional id, else TRANSACTIONAL_ID_AUTHORIZATION_FAILED; the
 * partitions of topics the caller may not DESCRIBE are left out, as in Kafka) and ListTransactions 0-2 (the ids this
 * broker coordinates, filtered by state, producer id, KIP-994 duration and the v2 transactional-id pattern, and
 * silently by DESCRIBE on each id).
 */
public final class TransactionsAdminHandler implements ApiFamily {

    /** States Kafka's coordinator has that Ferry's never holds: a filter naming them is known but matches nothing. */
    private static final Set<String> KAFKA_ONLY_STATES = Set.of("Dead", "PrepareEpochFence");
    /** Characters a pattern match may read per transactional id before it counts as no match. */
    private static final int PATTERN_BUDGET = 100_000;

    private final TransactionCoordinator txns;
    private final Authorization authz;
    private final Time time;

    public TransactionsAdminHandler(TransactionCoordinator txns, Authorization authz, Time time) {
        this.txns = txns;
        this.authz = authz;
        this.time = time;
    }

    @Override
    public void registerWith(ApiRegistry registry) {
        registry.register(ApiKeys.DESCRIBE_TRANSACTIONS, 0, 0, (RequestContext ctx, DescribeTransactionsRequest r) ->
                ApiHandler.done(new DescribeTransactionsResponse(describe(ctx, r.data().transactionalIds()))));
        registry.register(ApiKeys.LIST_TRANSACTIONS, 0, 2, (RequestContext ctx, ListTransactionsRequest r) ->
                ApiHandler.done(new ListTransactionsResponse(list(ctx, r.data()))));
    }

    private DescribeTransactionsResponseData describe(RequestContext ctx, List<String> ids) {
        Set<String> allowed = authz.allowedNames(ctx, AclOperation.DESCRIBE, ResourceType.TRANSACTIONAL_ID, ids, true);
        DescribeTransactionsResponseData resp = new DescribeTransactionsResponseData();
        for (String id : ids) {
            var state = new DescribeTransactionsResponseData.TransactionState().setTransactionalId(id)
                    .setTransactionState("").setTransactionStartTimeMs(-1).setProducerId(-1).setProducerEpoch((short) -1);
            if (!allowed.contains(id)) {
                resp.transactionStates().add(state.setErrorCode(Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED.code()));
                continue;
            }
            Map.Entry<Errors, Optional<TxnDescription>> found = txns.describe(id);
            state.setErrorCode(found.getKey().code());
            found.getValue().ifPresent(d -> state.setTransactionState(d.state().wireName())
                    .setProducerId(d.producerId()).setProducerEpoch(d.epoch())
                    .setTransactionTimeoutMs(d.timeoutMs()).setTransactionStartTimeMs(d.startTimeMs())
                    .setTopics(describableTopics(ctx, d.partitions())));
            resp.transactionStates().add(state);
        }
        return resp;
    }

    private TopicDataCollection describableTopics(RequestContext ctx, List<TopicPartition> partitions) {
        Set<String> describable = authz.allowedNames(ctx, AclOperation.DESCRIBE, ResourceType.TOPIC,
                partitions.stream().map(TopicPartition::topic).toList(), false);
        Map<String, TopicData> byTopic = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            if (describable.contains(tp.topic())) {
                byTopic.computeIfAbsent(tp.topic(), t -> new TopicData().setTopic(t)).partitions().add(tp.partition());
            }
        }
        TopicDataCollection topics = new TopicDataCollection();
        byTopic.values().forEach(topics::add);
        return topics;
    }

    private ListTransactionsResponseData list(RequestContext ctx, ListTransactionsRequestData req) {
        ListTransactionsResponseData resp = new ListTransactionsResponseData();
        Set<TxnState> states = java.util.EnumSet.noneOf(TxnState.class);
        for (String name : req.stateFilters()) {
            Optional<TxnState> s = TxnState.fromWireName(name);
            s.ifPresent(states::add);
            if (s.isEmpty() && !KAFKA_ONLY_STATES.contains(name)) {
                resp.unknownStateFilters().add(name);
            }
        }
        BoundedRegex pattern = null;
        String regex = req.transactionalIdPattern();
        if (regex != null && !regex.isEmpty()) {
            try {
                pattern = BoundedRegex.compile(regex, PATTERN_BUDGET);
            } catch (PatternSyntaxException e) {
                return resp.setErrorCode(Errors.INVALID_REGULAR_EXPRESSION.code());
            }
        }
        long now = time.milliseconds();
        List<TxnDescription> matching = new ArrayList<>();
        for (TxnDescription d : txns.list()) {
            boolean include = (req.stateFilters().isEmpty() || states.contains(d.state()))
                    && (req.producerIdFilters().isEmpty() || req.producerIdFilters().contains(d.producerId()))
                    && (req.durationFilter() < 0 || now - d.startTimeMs() > req.durationFilter())
                    && (pattern == null || pattern.matches(d.transactionalId()));
            if (include) {
                matching.add(d);
            }
        }
        Set<String> describable = authz.allowedNames(ctx, AclOperation.DESCRIBE, ResourceType.TRANSACTIONAL_ID,
                matching.stream().map(TxnDescription::transactionalId).toList(), false);
        for (TxnDescription d : matching) {
            if (describable.contains(d.transactionalId())) {
                resp.transactionStates().add(new ListTransactionsResponseData.TransactionState()
                        .setTransactionalId(d.transactionalId()).setProducerId(d.producerId())
                        .setTransactionState(d.state().wireName()));
            }
        }
        return resp;
    }
}

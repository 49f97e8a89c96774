package io.ferry.broker.api;

import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.requests.InitProducerIdRequest;
import org.apache.kafka.common.requests.InitProducerIdResponse;

import io.ferry.broker.network.RequestContext;
import io.ferry.broker.producer.ProducerIdAllocator;

/**
 * InitProducerId 0-5 for idempotent producers: a new cluster-unique id at epoch 0, or, when a producer asks to bump
 * the epoch of the id it has (KIP-360), the same id at the next epoch (a new id once the epoch is exhausted).
 * Transactional ids are served by the transaction coordinator, which is not part of this broker yet.
 */
public final class ProducerIdHandler implements ApiFamily {

    private final ProducerIdAllocator allocator;

    public ProducerIdHandler(ProducerIdAllocator allocator) {
        this.allocator = allocator;
    }

    @Override
    public void registerWith(ApiRegistry registry) {
        registry.register(ApiKeys.INIT_PRODUCER_ID, 0, 5,
                (RequestContext ctx, InitProducerIdRequest r) -> ApiHandler.done(init(r.data())));
    }

    private InitProducerIdResponse init(InitProducerIdRequestData req) {
        InitProducerIdResponseData resp = new InitProducerIdResponseData().setProducerId(-1).setProducerEpoch((short) -1);
        if (req.transactionalId() != null) {
            return new InitProducerIdResponse(resp.setErrorCode(Errors.COORDINATOR_NOT_AVAILABLE.code()));
        }
        boolean bump = req.producerId() != RecordBatch.NO_PRODUCER_ID
                && req.producerEpoch() != RecordBatch.NO_PRODUCER_EPOCH
                && req.producerEpoch() < Short.MAX_VALUE - 1;
        if (bump) {
            resp.setProducerId(req.producerId()).setProducerEpoch((short) (req.producerEpoch() + 1));
        } else {
            resp.setProducerId(allocator.nextProducerId()).setProducerEpoch((short) 0);
        }
        return new InitProducerIdResponse(resp.setErrorCode(Errors.NONE.code()));
    }
}

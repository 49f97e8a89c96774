package io.ferry.broker.api;

import java.util.List;

import org.apache.kafka.common.message.SaslAuthenticateResponseData;
import org.apache.kafka.common.message.SaslHandshakeResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.SaslAuthenticateRequest;
import org.apache.kafka.common.requests.SaslAuthenticateResponse;
import org.apache.kafka.common.requests.SaslHandshakeRequest;
import org.apache.kafka.common.requests.SaslHandshakeResponse;

import io.ferry.broker.network.RequestContext;

/**
 * SaslHandshake 1 and SaslAuthenticate 0-2 as advertised. While a connection authenticates, its
 * {@link io.ferry.broker.network.Authenticator} answers them; a request that reaches these handlers came on a listener
 * without SASL or after the authentication was done, and gets ILLEGAL_SASL_STATE, as from Kafka. SaslHandshake v0
 * (raw tokens after the handshake, pre-1.0 clients) is not offered: such a request closes the connection.
 */
public final class SaslHandler implements ApiFamily {

    @Override
    public void registerWith(ApiRegistry registry) {
        registry.register(ApiKeys.SASL_HANDSHAKE, 1, 1, (RequestContext ctx, SaslHandshakeRequest request) ->
                ApiHandler.done(new SaslHandshakeResponse(new SaslHandshakeResponseData()
                        .setErrorCode(Errors.ILLEGAL_SASL_STATE.code()).setMechanisms(List.of()))));
        registry.register(ApiKeys.SASL_AUTHENTICATE, 0, 2, (RequestContext ctx, SaslAuthenticateRequest request) ->
                ApiHandler.done(new SaslAuthenticateResponse(new SaslAuthenticateResponseData()
                        .setErrorCode(Errors.ILLEGAL_SASL_STATE.code())
                        .setErrorMessage("SaslAuthenticate is not expected on this connection now")
                        .setAuthBytes(new byte[0]))));
    }
}

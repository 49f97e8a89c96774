package io.ferry.runtime.rest.server;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import io.ferry.runtime.config.ConnectorConfigException;
import io.ferry.runtime.rest.dto.ErrorEntity;
import io.ferry.runtime.worker.InvalidRequestException;
import io.ferry.runtime.security.Redactor;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.apache.kafka.connect.errors.AlreadyExistsException;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API's one exception mapper: every failure becomes {@code {"error_code": N, "message": ...}}
 * with Kafka Connect's status codes. 400: malformed JSON, a body of the wrong shape, an invalid
 * configuration (with every problem), a request the worker cannot carry out as given; 404: an
 * unknown connector, task, plugin or path; 405, 406, 415: Jersey's own; 409: the connector exists;
 * 500: anything else, logged with its stack trace (which the client never sees).
 */
public final class ErrorMapper implements ExceptionMapper<Throwable> {

    private static final Logger log = LoggerFactory.getLogger(ErrorMapper.class);

    @Override
    public Response toResponse(Throwable exception) {
        Throwable e = unwrap(exception);
        int status;
        String message;
        if (e instanceof WebApplicationException web) {
            status = web.getResponse().getStatus();
            message = web.getMessage();
        } else if (parseFailure(e) != null) {
            JsonParseException parse = parseFailure(e);
            status = 400;
            message = "Malformed JSON in the request body" + location(parse) + ": " + clean(parse.getOriginalMessage());
        } else if (e instanceof JsonMappingException mapping) {
            status = 400;
            message = "The request body has the wrong shape" + path(mapping) + ": " + clean(mapping.getOriginalMessage());
        } else if (e instanceof JsonProcessingException json) {
            status = 400;
            message = "Cannot read the request body: " + clean(json.getOriginalMessage());
        } else if (e instanceof NotFoundException) {
            status = 404;
            message = e.getMessage();
        } else if (e instanceof AlreadyExistsException) {
            status = 409;
            message = e.getMessage();
        } else if (e instanceof ConnectorConfigException) {
            status = 400;
            message = e.getMessage() + ". You can also find the above list of errors at the endpoint "
                    + "`/connector-plugins/{connectorType}/config/validate`";
        } else if (e instanceof InvalidRequestException) {
            status = 400;
            message = e.getMessage();
        } else if (e instanceof ConnectException) {
            status = 500;
            message = e.getMessage();
            log.error("Request failed: {}", e.getMessage(), e);
        } else {
            status = 500;
            message = "Internal error: " + e;
            log.error("Request failed unexpectedly", e);
        }
        if (message == null || message.isBlank()) {
            message = Response.Status.fromStatusCode(status) == null ? "Error " + status : Response.Status.fromStatusCode(status).getReasonPhrase();
        }
        message = Redactor.text(message);
        Response.ResponseBuilder response = Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new ErrorEntity(status, message));
        if (e instanceof WebApplicationException web) {
            // Keep Jersey's own headers (Allow on a 405), not its entity.
            web.getResponse().getHeaders().forEach((name, values) -> {
                if (!name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("Content-Length")) {
                    values.forEach(value -> response.header(name, value));
                }
            });
        }
        return response.build();
    }

    /** The JSON problem inside Jersey's wrappers. */
    private static Throwable unwrap(Throwable e) {
        Throwable current = e;
        while ((current instanceof ProcessingException || (current instanceof WebApplicationException && current.getCause() != null))
                && current.getCause() instanceof JsonProcessingException json) {
            current = json;
        }
        return current;
    }

    /** The malformed JSON behind {@code e} (Jackson reports some, e.g. a truncated body, inside a mapping failure). */
    private static JsonParseException parseFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JsonParseException parse) {
                return parse;
            }
            if (!(t instanceof JsonProcessingException)) {
                return null;
            }
        }
        return null;
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }

    /** Jackson's message without its notes on the (redacted) source. */
    private static String clean(String message) {
        return message == null ? null : message.replaceAll("\\s*\\(start marker at \\[Source: [^\\]]*\\]\\)", "")
                .replaceAll("\\[Source: [^;\\]]*; ", "[");
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? "" : " at '" + path + "'";
    }
}

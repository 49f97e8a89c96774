package io.ferry.connect.nifi.s2s.server.site;

import io.ferry.connect.nifi.flowfile.AttributeLimit;
import io.ferry.connect.nifi.handoff.InboundSink;
import io.ferry.connect.nifi.s2s.ResponseCode;
import io.ferry.connect.nifi.s2s.SiteToSiteHeaders;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes the site's requests ({@code /nifi-api/...}) and answers the site description, the peers,
 * transaction creation and TTL extension; data transfers go to {@link InputPortTransfers} and
 * {@link OutputPortTransfers}.
 */
final class SiteHandler extends Handler.Abstract {

    private static final Logger log = LoggerFactory.getLogger(SiteHandler.class);
    private static final String API = "/nifi-api/";
    private static final String INPUT_PORTS = "input-ports";
    private static final String OUTPUT_PORTS = "output-ports";

    private final Site site;
    private final Replies replies;
    private final InputPortTransfers inputs;
    private final OutputPortTransfers outputs;

    SiteHandler(Site site, Replies replies) {
        this.site = site;
        this.replies = replies;
        this.inputs = new InputPortTransfers(site.transactions(), replies,
                new AttributeLimit(site.settings().limits().maxAttributeBytes(), SiteLimits.ATTRIBUTE_MAX_BYTES_KEY));
        this.outputs = new OutputPortTransfers(site.transactions(), replies);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getPath();
        String method = request.getMethod();
        log.debug("{} {}", method, path);
        if (path == null || !path.startsWith(API)) {
            replies.result(response, callback, 404, ResponseCode.ABORT, "Not a NiFi API path: " + path, null);
            return true;
        }
        String[] segments = path.substring(API.length()).split("/");
        String version = request.getHeaders().get(SiteToSiteHeaders.PROTOCOL_VERSION);
        if (version == null) {
            replies.result(response, callback, 400, ResponseCode.ABORT,
                    "Header " + SiteToSiteHeaders.PROTOCOL_VERSION + " is required", null);
            return true;
        }
        if (!version.trim().equals(String.valueOf(SiteToSiteHeaders.VERSION))) {
            replies.result(response, callback, 400, ResponseCode.ABORT,
                    "Site-to-Site over HTTP protocol version " + version + " is not supported; this site speaks version "
                            + SiteToSiteHeaders.VERSION, null);
            return true;
        }
        try {
            route(method, segments, request, response, callback);
        } catch (RuntimeException e) {
            log.warn("{} {} failed", method, path, e);
            replies.result(response, callback, 500, ResponseCode.ABORT, "Unexpected error: " + e, null);
        }
        return true;
    }

    private void route(String method, String[] s, Request request, Response response, Callback callback) {
        if (s.length == 1 && s[0].equals("site-to-site") && method.equals("GET")) {
            controller(response, callback);
        } else if (s.length == 2 && s[0].equals("site-to-site") && s[1].equals("peers") && method.equals("GET")) {
            peers(response, callback);
        } else if (s.length >= 4 && s[0].equals("data-transfer") && s[3].equals("transactions")
                && (s[1].equals(INPUT_PORTS) || s[1].equals(OUTPUT_PORTS))) {
            dataTransfer(method, s, request, response, callback);
        } else {
            replies.result(response, callback, 404, ResponseCode.ABORT, "No such resource: " + method + " " + String.join("/", s), null);
        }
    }

    private void dataTransfer(String method, String[] s, Request request, Response response, Callback callback) {
        boolean input = s[1].equals(INPUT_PORTS);
        String portId = s[2];
        if (s.length == 4 && method.equals("POST")) {
            createTransaction(input, portId, request, response, callback);
            return;
        }
        if (s.length < 5) {
            replies.result(response, callback, 405, ResponseCode.ABORT, method + " is not allowed here", null);
            return;
        }
        Transaction transaction = site.transactions().get(s[4]);
        if (transaction == null || transaction.input() != input || !transaction.portId().equals(portId)) {
            replies.unknownTransaction(response, callback, s[4]);
            return;
        }
        if (s.length == 5 && method.equals("PUT")) {
            extend(transaction, response, callback);
        } else if (s.length == 5 && method.equals("DELETE")) {
            Fields query = Request.extractQueryParameters(request);
            Integer code = parseInt(query.getValue("responseCode"));
            if (input) {
                inputs.commit(site.ports().input(portId), (InboundTransaction) transaction, code, response, callback);
            } else {
                outputs.commit((OutboundTransaction) transaction, code, query.getValue("checksum"), response, callback);
            }
        } else if (s.length == 6 && s[5].equals("flow-files") && input && method.equals("POST")) {
            inputs.receive(site.ports().input(portId), (InboundTransaction) transaction, request, response, callback);
        } else if (s.length == 6 && s[5].equals("flow-files") && !input && method.equals("GET")) {
            outputs.send(site.ports().output(portId), (OutboundTransaction) transaction, request, response, callback);
        } else {
            replies.result(response, callback, 405, ResponseCode.ABORT, method + " is not allowed here", null);
        }
    }

    private void createTransaction(boolean input, String portId, Request request, Response response, Callback callback) {
        Ports.Port<?> port = input ? site.ports().input(portId) : site.ports().output(portId);
        if (port == null) {
            replies.result(response, callback, 404, ResponseCode.UNKNOWN_PORT,
                    "No " + (input ? "input" : "output") + " port with id " + portId + " on this site", null);
            return;
        }
        if (port.members().isEmpty()) {
            replies.result(response, callback, 503, ResponseCode.PORT_NOT_IN_VALID_STATE,
                    "Port '" + port.identity().name() + "' is not running", null);
            return;
        }
        if (input && site.ports().input(portId).members().stream().allMatch(InboundSink::isFull)) {
            replies.result(response, callback, 503, ResponseCode.PORTS_DESTINATION_FULL,
                    "Port '" + port.identity().name() + "' is full; try again later", null);
            return;
        }
        if (site.transactions().full()) {
            replies.result(response, callback, 503, ResponseCode.PORTS_DESTINATION_FULL, site.transactions().fullMessage(), null);
            return;
        }
        Transaction transaction = input ? site.transactions().openInbound(portId) : site.transactions().openOutbound(portId);
        HttpURI uri = request.getHttpURI();
        String location = uri.getScheme() + "://" + uri.getAuthority() + API + "data-transfer/"
                + (input ? INPUT_PORTS : OUTPUT_PORTS) + "/" + portId + "/transactions/" + transaction.id();
        response.getHeaders().put(HttpHeader.LOCATION, location);
        response.getHeaders().put(SiteToSiteHeaders.LOCATION_URI_INTENT, SiteToSiteHeaders.TRANSACTION_URL_INTENT);
        replies.result(response, callback, 201, ResponseCode.PROPERTIES_OK,
                "Handshake properties are valid, and port is running. A transaction is created:" + transaction.id(), null);
    }

    private void extend(Transaction transaction, Response response, Callback callback) {
        if (!transaction.touch()) {
            replies.unknownTransaction(response, callback, transaction.id());
            return;
        }
        replies.result(response, callback, 200, ResponseCode.CONTINUE_TRANSACTION, "Extended TTL.", null);
    }

    private void controller(Response response, Callback callback) {
        List<Map<String, Object>> inputPorts = new ArrayList<>();
        List<Map<String, Object>> outputPorts = new ArrayList<>();
        for (Ports.Port<?> port : site.ports().all()) {
            Map<String, Object> dto = new LinkedHashMap<>();
            dto.put("id", port.identity().id());
            dto.put("name", port.identity().name());
            dto.put("comments", "");
            dto.put("state", "RUNNING");
            (port.input() ? inputPorts : outputPorts).add(dto);
        }
        Map<String, Object> controller = new LinkedHashMap<>();
        controller.put("id", site.id());
        controller.put("name", "Ferry");
        controller.put("comments", "Ferry, a Kafka-compatible broker and connector runtime");
        controller.put("runningCount", inputPorts.size() + outputPorts.size());
        controller.put("stoppedCount", 0);
        controller.put("invalidCount", 0);
        controller.put("disabledCount", 0);
        controller.put("inputPortCount", inputPorts.size());
        controller.put("outputPortCount", outputPorts.size());
        controller.put("remoteSiteHttpListeningPort", site.advertisedPort());
        controller.put("siteToSiteSecure", site.settings().secure());
        controller.put("instanceId", site.id());
        controller.put("inputPorts", inputPorts);
        controller.put("outputPorts", outputPorts);
        replies.json(response, callback, 200, Map.of("controller", controller));
    }

    private void peers(Response response, Callback callback) {
        long flowFiles = 0;
        for (Ports.Port<?> port : site.ports().all()) {
            for (Object member : port.members()) {
                flowFiles += member instanceof InboundSink sink ? sink.pending() : ((OutboundSource) member).queued();
            }
        }
        Map<String, Object> peer = new LinkedHashMap<>();
        peer.put("hostname", site.settings().effectiveAdvertisedHost());
        peer.put("port", site.advertisedPort());
        peer.put("secure", site.settings().secure());
        peer.put("flowFileCount", flowFiles);
        replies.json(response, callback, 200, Map.of("peers", List.of(peer)));
    }

    private static Integer parseInt(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}

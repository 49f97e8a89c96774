package io.ferry.connect.nifi.s2s;

/** HTTP headers of Site-to-Site over HTTP. */
public final class SiteToSiteHeaders {

    /** Sent by clients on every request; the server answers with the version it speaks. */
    public static final String PROTOCOL_VERSION = "x-nifi-site-to-site-protocol-version";
    /** Seconds an idle transaction lives on the server; clients extend it every half of that. */
    public static final String SERVER_TRANSACTION_TTL = "x-nifi-site-to-site-server-transaction-ttl";
    public static final String USE_COMPRESSION = "x-nifi-site-to-site-use-compression";
    public static final String REQUEST_EXPIRATION = "x-nifi-site-to-site-request-expiration";
    public static final String BATCH_COUNT = "x-nifi-site-to-site-batch-count";
    public static final String BATCH_SIZE = "x-nifi-site-to-site-batch-size";
    public static final String BATCH_DURATION = "x-nifi-site-to-site-batch-duration";
    public static final String LOCATION_URI_INTENT = "x-location-uri-intent";
    public static final String TRANSACTION_URL_INTENT = "transaction-url";

    /** The only transport protocol version of Site-to-Site over HTTP. */
    public static final int VERSION = 1;

    private SiteToSiteHeaders() {
    }
}

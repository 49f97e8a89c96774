/**
 * FlowFiles over plain HTTP(S), the way NiFi's ListenHTTP, PostHTTP and InvokeHTTP exchange them:
 * {@link io.ferry.connect.nifi.http.NiFiListenHttpSourceConnector} is a ListenHTTP-compatible endpoint feeding a
 * topic, {@link io.ferry.connect.nifi.http.NiFiHttpSinkConnector} posts FlowFile-v3 packages to a NiFi ListenHTTP.
 * Also the Jetty and TLS plumbing shared with the Site-to-Site server ({@link io.ferry.connect.nifi.http.HttpServers},
 * {@link io.ferry.connect.nifi.http.TlsSettings}, {@link io.ferry.connect.nifi.http.TlsConfig}).
 */
package io.ferry.connect.nifi.http;

package io.ferry.connect.nifi.http;

import io.ferry.connect.nifi.flowfile.FlowFile;
import io.ferry.connect.nifi.flowfile.FlowFileV3;
import io.ferry.connect.nifi.flowfile.FlowFileV3Writer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;

/**
 * Posts FlowFile-v3 packages the way NiFi's PostHTTP does: {@code Content-Type: application/flowfile-v3},
 * {@code x-nifi-transfer-protocol-version: 3} and, with holds, {@code x-prefer-acknowledge-uri: true};
 * a {@code 303} with a hold URI is confirmed by a DELETE of that URI.
 */
final class FlowFilePoster {

    private final URI url;
    private final boolean hold;
    private final boolean compress;
    private final Duration timeout;
    private final HttpClient client;

    FlowFilePoster(HttpSinkConfig config) {
        this.url = config.url();
        this.hold = config.getBoolean(HttpSinkConfig.HOLD);
        this.compress = config.getBoolean(HttpSinkConfig.COMPRESS);
        this.timeout = Duration.ofMillis(config.getLong(HttpSinkConfig.TIMEOUT_MS));
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER);
        if ("https".equals(url.getScheme())) {
            builder.sslContext(sslContext(config));
        }
        this.client = builder.build();
    }

    /**
     * Sends one package and, if the receiver holds it, confirms the hold.
     *
     * @throws RetriableException if the receiver is busy, failing or unreachable (send again)
     * @throws ConnectException   if it refuses the package (a 4xx other than 404 on the hold)
     */
    void post(List<FlowFile> flowFiles) {
        byte[] body = FlowFileV3Writer.encode(flowFiles);
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", FlowFileV3.MEDIA_TYPE)
                .header(ListenHttpHandler.PROTOCOL_VERSION, "3");
        if (hold) {
            request.header(ListenHttpHandler.PREFER_ACK_URI, "true");
        }
        if (compress) {
            body = gzip(body);
            request.header(ListenHttpHandler.GZIPPED, "true");
        }
        HttpResponse<String> response = send(request.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
        int status = response.statusCode();
        if (status == 303 && ListenHttpHandler.HOLD_INTENT.equals(response.headers().firstValue(ListenHttpHandler.LOCATION_URI_INTENT).orElse(""))) {
            URI holdUri = url.resolve(response.headers().firstValue("Location")
                    .orElseThrow(() -> new ConnectException("The receiver answered 303 without a Location")));
            HttpResponse<String> confirmed = send(HttpRequest.newBuilder(holdUri).timeout(timeout).DELETE().build());
            check(confirmed, "confirming hold " + holdUri);
            return;
        }
        check(response, "posting " + flowFiles.size() + " FlowFiles");
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new RetriableException("Cannot reach " + request.uri() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetriableException("Interrupted while sending to " + request.uri(), e);
        }
    }

    private static void check(HttpResponse<String> response, String what) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return;
        }
        String message = response.uri() + " answered " + status + " " + response.body().strip() + " when " + what;
        if (status >= 500 || status == 404 || status == 408 || status == 429) {
            throw new RetriableException(message);
        }
        throw new ConnectException(message);
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 2 + 64);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    private static SSLContext sslContext(HttpSinkConfig config) {
        try {
            TrustManagerFactory trust = null;
            String truststore = config.getString(HttpSinkConfig.TRUSTSTORE_LOCATION);
            if (!truststore.isBlank()) {
                trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(load(truststore, config.getString(HttpSinkConfig.TRUSTSTORE_TYPE), config.password(HttpSinkConfig.TRUSTSTORE_PASSWORD)));
            }
            KeyManagerFactory keys = null;
            String keystore = config.getString(HttpSinkConfig.KEYSTORE_LOCATION);
            if (!keystore.isBlank()) {
                String password = config.password(HttpSinkConfig.KEYSTORE_PASSWORD);
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(load(keystore, config.getString(HttpSinkConfig.KEYSTORE_TYPE), password), password == null ? null : password.toCharArray());
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new ConnectException("Cannot set up TLS for " + config.getString(HttpSinkConfig.URL) + ": " + e.getMessage(), e);
        }
    }

    private static KeyStore load(String location, String type, String password) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance(type);
        try (InputStream in = Files.newInputStream(Path.of(location))) {
            store.load(in, password == null ? null : password.toCharArray());
        }
        return store;
    }
}

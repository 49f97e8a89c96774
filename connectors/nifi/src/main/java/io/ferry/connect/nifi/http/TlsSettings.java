package io.ferry.connect.nifi.http;

/**
 * Key and trust material of an HTTPS listener (passwords may be null).
 *
 * @param clientAuth whether clients must present a certificate the truststore trusts
 */
public record TlsSettings(String keystoreLocation, String keystorePassword, String keystoreType, String keyPassword,
                          String truststoreLocation, String truststorePassword, String truststoreType, ClientAuth clientAuth) {

    /** Client-certificate policy. */
    public enum ClientAuth { NONE, REQUESTED, REQUIRED }

    @Override
    public String toString() {
        return "TLS[keystore=" + keystoreLocation + ", truststore=" + truststoreLocation + ", clientAuth=" + clientAuth + "]";
    }
}

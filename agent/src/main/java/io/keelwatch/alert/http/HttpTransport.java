package io.keelwatch.alert.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The HTTP client and credentials of an alert output: TLS with a custom CA (or none, for testing),
 * basic or bearer auth read from files. Shared by the Alertmanager sender and the HTTP output so both
 * behave the same.
 */
public final class HttpTransport {

    /** Transport and credentials. */
    public record Options(Duration timeout, Path caFile, boolean insecureSkipVerify, String username,
                          Path passwordFile, Path bearerTokenFile) {
        public static Options plain(Duration timeout) {
            return new Options(timeout, null, false, "", null, null);
        }
    }

    private HttpTransport() { }

    public static HttpClient client(Options o) throws IOException, GeneralSecurityException {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(o.timeout())
                .version(HttpClient.Version.HTTP_1_1);
        if (o.insecureSkipVerify()) {
            // The JDK client checks host names apart from the trust manager; this switch is process-wide,
            // which is acceptable for an option documented as testing only.
            System.setProperty("jdk.internal.httpclient.disableHostnameVerification", "true");
        }
        if (o.caFile() != null || o.insecureSkipVerify()) {
            builder.sslContext(sslContext(o.caFile(), o.insecureSkipVerify()));
        }
        return builder.build();
    }

    /** The {@code Authorization} header value, or {@code null} for none. */
    public static String authorization(Options o) throws IOException {
        if (o.bearerTokenFile() != null) {
            return "Bearer " + Files.readString(o.bearerTokenFile()).trim();
        }
        if (!o.username().isEmpty()) {
            String pw = o.passwordFile() == null ? "" : Files.readString(o.passwordFile()).trim();
            return "Basic " + Base64.getEncoder()
                    .encodeToString((o.username() + ":" + pw).getBytes(StandardCharsets.UTF_8));
        }
        return null;
    }

    private static SSLContext sslContext(Path caFile, boolean insecure) throws IOException, GeneralSecurityException {
        TrustManager[] tms;
        if (insecure) {
            tms = new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) { }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) { }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }};
        } else {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            try (InputStream in = Files.newInputStream(caFile)) {
                for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    ks.setCertificateEntry("ca" + i++, c);
                }
            }
            if (i == 0) {
                throw new GeneralSecurityException(caFile + ": no certificate found");
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            tms = tmf.getTrustManagers();
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tms, new SecureRandom());
        return ctx;
    }
}

package dev.continuum.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** A raw JSON POST, to see what the API itself answers. */
final class HttpPost {
    private HttpPost() {}

    /** As the cluster's administrator, over TLS trusting its CA. */
    static Http.Answer json(ClusterAccess cluster, String url, String body) throws IOException, InterruptedException {
        try (HttpClient c =
                HttpClient.newBuilder().sslContext(trusting(cluster)).build()) {
            HttpResponse<String> r = c.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .header("Content-Type", "application/json")
                            .header("Authorization", "Bearer " + cluster.adminToken())
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Http.Answer(r.statusCode(), r.body());
        }
    }

    /** What curl --cacert does: trust the CA, check the host name; no more. */
    private static SSLContext trusting(ClusterAccess cluster) throws IOException {
        try {
            var store = java.security.KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry(
                    "ca", dev.continuum.security.Pem.readCertificate(java.nio.file.Files.readString(cluster.caFile())));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }
}

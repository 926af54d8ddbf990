package dev.continuum.agent.gateway;

import dev.continuum.security.PeerIdentity;
import io.javalin.http.Context;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * TLS for the gateway: an HTTPS listener presenting the node's certificate and asking callers for
 * theirs without requiring one (functions are public; logs are the control plane's), the caller's
 * chain exposed to handlers. The API server's listener ({@code apiserver}'s {@code TlsConnector}) is
 * its twin: the agent does not depend on the API server.
 */
final class GatewayTls {

    private static final String SERVLET_CERTIFICATES = "jakarta.servlet.request.X509Certificate";

    private GatewayTls() {}

    static Connector connector(Server server, HttpConfiguration http, SSLContext context, String host, int port) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setSslContext(context);
        ssl.setWantClientAuth(true);
        ssl.setEndpointIdentificationAlgorithm(null);
        HttpConfiguration https = new HttpConfiguration(http);
        https.setSecureScheme("https");
        https.addCustomizer(new SecureRequestCustomizer(false, false, -1, false));
        ServerConnector connector = new ServerConnector(
                server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(https));
        connector.setHost(host);
        connector.setPort(port);
        return connector;
    }

    /** Whether the caller presented the control plane's certificate (checked against the cluster CA by the handshake). */
    static boolean fromControlPlane(Context ctx) {
        return ctx.req().getAttribute(SERVLET_CERTIFICATES) instanceof X509Certificate[] chain
                && chain.length > 0
                && PeerIdentity.isControlPlane(chain[0]);
    }
}

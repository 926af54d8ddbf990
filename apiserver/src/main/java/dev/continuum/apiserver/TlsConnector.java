package dev.continuum.apiserver;

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
 * The HTTPS listener: TLS with the given context (which presents the server's certificate and checks
 * client certificates against the cluster CA), asking clients for a certificate without requiring
 * one (users come with tokens), and exposing the client's chain to handlers. Clients reach the
 * server by address as often as by name, so the SNI host is not checked against the certificate.
 */
final class TlsConnector {

    private TlsConnector() {}

    static Connector create(Server server, HttpConfiguration http, SSLContext context, String host, int port) {
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
}

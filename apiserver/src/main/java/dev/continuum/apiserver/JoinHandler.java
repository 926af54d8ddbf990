package dev.continuum.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import dev.continuum.model.api.JoinResponse;
import dev.continuum.model.validation.Names;
import dev.continuum.security.CredentialException;
import dev.continuum.security.NodeCertificateRequest;
import dev.continuum.security.Pem;
import io.javalin.http.Context;
import java.security.cert.X509Certificate;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nodes joining and renewing their credentials.
 *
 * <pre>
 *   POST /api/v1/join    Bearer &lt;bootstrap token&gt;  {"nodeName","csr"}  ─▶ node certificate (TLS)
 *                                                  {"nodeName"}        ─▶ node token (without TLS)
 *   POST /api/v1/renew   node certificate            {"csr"}             ─▶ new node certificate
 * </pre>
 *
 * The body is checked before the bootstrap token is spent, so a malformed request does not use it
 * up. A join replaces every earlier credential of the node (whoever held its old certificate or
 * token is shut out); a renewal keeps the current certificate good until it expires.
 */
final class JoinHandler {

    private static final Logger LOG = LoggerFactory.getLogger(JoinHandler.class);

    private final BootstrapTokenStore bootstrapTokens;
    private final Predicate<String> staticTokens;
    private final NodeCertificates certificates;
    private final BearerTokens nodeTokens;
    private final ApiTls tls;

    JoinHandler(
            BootstrapTokenStore bootstrapTokens,
            Predicate<String> staticTokens,
            NodeCertificates certificates,
            BearerTokens nodeTokens,
            ApiTls tls) {
        this.bootstrapTokens = bootstrapTokens;
        this.staticTokens = staticTokens;
        this.certificates = certificates;
        this.nodeTokens = nodeTokens;
        this.tls = tls;
    }

    void join(Context ctx) {
        String token = Authenticator.bearerToken(ctx)
                .orElseThrow(() -> ApiFailure.unauthorized(
                        "joining needs a bootstrap token: send \"Authorization: Bearer <bootstrap token>\""
                                + " (continuum token create makes one)"));
        JsonNode body =
                JsonBodies.object(ctx.body(), Set.of("nodeName", "csr"), "{\"nodeName\":\"<name>\",\"csr\":\"<PEM>\"}");
        String node = nodeName(body);
        String csr = JsonBodies.text(body, "csr");
        NodeCertificateRequest request = null;
        if (tls != null) {
            if (csr == null) {
                throw ApiFailure.invalid(
                        "csr",
                        "csr: required: this control plane runs TLS, so a node joins with a"
                                + " certificate signing request for its key (agents send one themselves)");
            }
            request = parseCsr(csr);
        } else if (csr != null) {
            throw ApiFailure.badRequest(
                    "csr",
                    "csr: this control plane runs without TLS (--insecure), so it issues"
                            + " node tokens, not certificates; join without a csr, over http://");
        }
        ctx.attribute(AuditLog.SUBJECT, "node/" + node);
        redeem(token, node);
        if (tls == null) {
            certificates.revoke(node);
            Responses.json(ctx, 200, new JoinResponse(node, nodeTokens.issue(node), null, null));
            LOG.info("node {} joined and got a node token", node);
            return;
        }
        nodeTokens.revoke(node);
        X509Certificate certificate = tls.ca().signNode(request, node, tls.nodeCertificateLifetime());
        certificates.replace(node, certificate);
        LOG.info(
                "node {} joined; its certificate {} is valid until {}",
                node,
                serial(certificate),
                certificate.getNotAfter());
        Responses.json(ctx, 200, answer(node, certificate));
    }

    void renew(Context ctx) {
        Identity who = Authenticator.identityOf(ctx);
        if (tls == null) {
            throw ApiFailure.badRequest(
                    "this control plane runs without TLS (--insecure): there are no node" + " certificates to renew");
        }
        if (!who.isNode() || !Authenticator.byCertificate(ctx)) {
            throw ApiFailure.unauthorized("renewing needs the node's current certificate (mutual TLS); a node"
                    + " whose certificate expired joins again with a new bootstrap token");
        }
        JsonNode body = JsonBodies.object(ctx.body(), Set.of("csr"), "{\"csr\":\"<PEM>\"}");
        String csr = JsonBodies.text(body, "csr");
        if (csr == null) {
            throw ApiFailure.invalid("csr", "csr: required: a certificate signing request for the key to certify");
        }
        NodeCertificateRequest request = parseCsr(csr);
        X509Certificate certificate = tls.ca().signNode(request, who.name(), tls.nodeCertificateLifetime());
        certificates.renew(who.name(), certificate);
        LOG.info(
                "node {} renewed its certificate: {} is valid until {}",
                who.name(),
                serial(certificate),
                certificate.getNotAfter());
        Responses.json(ctx, 200, answer(who.name(), certificate));
    }

    private JoinResponse answer(String node, X509Certificate certificate) {
        return new JoinResponse(
                node,
                null,
                Pem.certificate(certificate),
                Pem.certificate(tls.ca().certificate()));
    }

    private void redeem(String token, String node) {
        if (staticTokens.test(token)) {
            return;
        }
        if (bootstrapTokens.redeem(token, node) instanceof BootstrapTokenStore.Refused refused) {
            throw ApiFailure.unauthorized("the bootstrap token is not valid: " + refused.reason()
                    + "; ask an administrator for a new one (continuum token create --ttl 1h)");
        }
    }

    private static NodeCertificateRequest parseCsr(String csr) {
        try {
            return NodeCertificateRequest.parse(csr);
        } catch (CredentialException e) {
            throw ApiFailure.invalid("csr", "csr: " + e.getMessage());
        }
    }

    private static String nodeName(JsonNode body) {
        String value = JsonBodies.text(body, "nodeName");
        String problem = Names.checkSubdomain(value);
        if (problem != null) {
            throw ApiFailure.invalid("nodeName", "nodeName: " + problem);
        }
        return value;
    }

    private static String serial(X509Certificate certificate) {
        return certificate.getSerialNumber().toString(16);
    }
}

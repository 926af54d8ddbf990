package dev.continuum.model.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.continuum.model.Application;
import dev.continuum.model.ComponentRef;
import dev.continuum.model.Kind;
import dev.continuum.model.Namespace;
import dev.continuum.model.codec.ManifestException;
import dev.continuum.model.codec.ResourceCodec;
import org.junit.jupiter.api.Test;

/** Namespaces, their signing keys and exports, and references across applications and namespaces. */
class TenancyValidationTest {

    private static final String KEY = "ed25519:" + "A".repeat(43) + "=";

    private final ResourceCodec codec = ResourceCodec.get();

    @Test
    void aNamespaceWithTrustedKeysAndExportsIsReadStrictly() {
        Namespace ns = codec.readOne("ns.yaml", """
                apiVersion: continuum.dev/v1
                kind: Namespace
                metadata: {name: team-a}
                spec:
                  moduleSigning:
                    required: true
                    trustedKeys:
                      - {name: ci, publicKey: "%s"}
                  exports:
                    - application: catalog
                      components: [lookup]
                      keyvalue: true
                      to: [team-b]
                """.formatted(KEY), Namespace.class);

        assertThat(ns.resourceKind()).isEqualTo(Kind.NAMESPACE);
        assertThat(ns.spec().moduleSigningOrNone().isRequired()).isTrue();
        assertThat(ns.spec().exports().getFirst().offersComponent("lookup", "team-b"))
                .isTrue();
        assertThat(ns.spec().exports().getFirst().offersComponent("lookup", "team-c"))
                .isFalse();
        assertThat(ns.spec().exports().getFirst().offersBucket("team-b")).isTrue();
        assertThat(Kind.find("ns")).contains(Kind.NAMESPACE);
    }

    @Test
    void badKeysAndEmptyExportsAreLocated() {
        assertThatThrownBy(() -> codec.readOne("ns.yaml", """
                        apiVersion: continuum.dev/v1
                        kind: Namespace
                        metadata: {name: team-a}
                        spec:
                          moduleSigning:
                            required: true
                            trustedKeys:
                              - {name: ci, publicKey: "rsa:abc"}
                          exports:
                            - application: catalog
                              to: [team-b]
                        """, Namespace.class))
                .isInstanceOf(ManifestException.class)
                .hasMessageContaining("ns.yaml:8: spec.moduleSigning.trustedKeys[0].publicKey: expected ed25519:")
                .hasMessageContaining("spec.exports[0]: exports nothing");
    }

    @Test
    void linksCallsAndBucketsMayNameOtherApplicationsAndNamespaces() {
        Application app = codec.readOne("app.yaml", """
                apiVersion: continuum.dev/v1
                kind: Application
                metadata: {name: shop}
                spec:
                  components:
                    - name: web
                      module: file:web.wasm
                      capabilities:
                        calls: [pricing/quote, team-a/catalog/lookup]
                        keyvalue: true
                        bucket: team-a/catalog
                  links:
                    - {from: web, to: team-a/catalog/lookup}
                """, Application.class);

        assertThat(app.spec().links().getFirst().to()).isEqualTo("team-a/catalog/lookup");
        assertThat(ComponentRef.parse("pricing/quote", "team-b", "shop"))
                .contains(new ComponentRef("team-b", "pricing", "quote"));
        assertThat(ComponentRef.parse("a/b/c/d", "n", "x")).isEmpty();
    }

    @Test
    void malformedReferencesSayHowToWriteThem() {
        assertThatThrownBy(() -> codec.readOne("app.yaml", """
                        apiVersion: continuum.dev/v1
                        kind: Application
                        metadata: {name: shop}
                        spec:
                          components:
                            - name: web
                              module: file:web.wasm
                              capabilities:
                                calls: [quote]
                                bucket: a/b/c
                          links:
                            - {from: web, to: "team-a//lookup"}
                        """, Application.class))
                .isInstanceOf(ManifestException.class)
                .hasMessageContaining("spec.components[0].capabilities.calls[0]: \"quote\" is not a function")
                .hasMessageContaining("spec.components[0].capabilities.bucket: \"a/b/c\" is not a bucket")
                .hasMessageContaining("spec.links[0].to: \"team-a//lookup\" is not a component");
    }
}

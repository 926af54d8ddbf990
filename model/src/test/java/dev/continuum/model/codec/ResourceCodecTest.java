package dev.continuum.model.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.continuum.model.Application;
import dev.continuum.model.ComponentType;
import dev.continuum.model.Node;
import dev.continuum.model.Quantity;
import dev.continuum.model.Resource;
import dev.continuum.model.Tier;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceCodecTest {

    private static final String APP = """
            apiVersion: continuum.dev/v1
            kind: Application
            metadata:
              name: hello
            spec:
              components:
                - name: greet
                  type: function
                  module: file:hello.wasm
                  triggers:
                    - type: http
                - name: store
                  module: https://example.com/store.wasm
                  resources:
                    cpu: 250m
                    memory: MEMORY
                  placement:
                    tiers: [gateway, network-edge]
            """;

    private final ResourceCodec codec = ResourceCodec.get();

    private List<Resource> read(String text) {
        return codec.readManifests("app.yaml", text);
    }

    @Test
    void readsAValidApplication() {
        Application app = (Application) read(APP.replace("MEMORY", "64Mi")).getFirst();
        assertThat(app.metadata().name()).isEqualTo("hello");
        assertThat(app.spec().components()).hasSize(2);
        assertThat(app.spec().components().get(0).type()).isEqualTo(ComponentType.FUNCTION);
        assertThat(app.spec().components().get(1).resources().memory().longValue())
                .isEqualTo(64L << 20);
        assertThat(app.spec().components().get(1).resources().cpu().milliValue())
                .isEqualTo(250);
        assertThat(app.spec().components().get(1).placement().tiers()).containsExactly(Tier.GATEWAY, Tier.NETWORK_EDGE);
    }

    @Test
    void badQuantityNamesFileLineAndFieldPath() {
        assertThatThrownBy(() -> read(APP.replace("MEMORY", "64Q")))
                .isInstanceOf(ManifestException.class)
                .hasMessageStartingWith("app.yaml:16: spec.components[1].resources.memory: \"64Q\" is not a quantity");
    }

    @Test
    void unknownFieldIsAnErrorWithItsLine() {
        String text = APP.replace("MEMORY", "64Mi").replace("      tiers:", "      tires:");
        assertThatThrownBy(() -> read(text))
                .hasMessageStartingWith("app.yaml:18: spec.components[1].placement.tires: unknown field \"tires\"");
    }

    @Test
    void wrongTypeIsAnError() {
        String text = APP.replace("MEMORY", "64Mi").replace("type: function", "type: function\n      replicas: three");
        assertThatThrownBy(() -> read(text))
                .hasMessageStartingWith(
                        "app.yaml:9: spec.components[0].replicas: expected an integer, found \"three\"");
    }

    @Test
    void unknownTierListsTheKnownOnes() {
        String text = APP.replace("MEMORY", "64Mi").replace("[gateway, network-edge]", "[edge]");
        assertThatThrownBy(() -> read(text))
                .hasMessageContaining("app.yaml:18: spec.components[1].placement.tiers[0]: \"edge\" is not a tier;"
                        + " expected one of: cloud, cloud-edge, network-edge, gateway, device");
    }

    @Test
    void unknownKindIsNamed() {
        assertThatThrownBy(() -> read("apiVersion: continuum.dev/v1\nkind: Pod\nmetadata: {name: x}\n"))
                .hasMessage("app.yaml:2: kind: unknown kind \"Pod\"; known kinds: Application, Event, Instance,"
                        + " Lease, Namespace, Node");
    }

    @Test
    void missingNameIsAnError() {
        String text = APP.replace("MEMORY", "64Mi").replace("  name: hello\n", "  labels: {a: b}\n");
        assertThatThrownBy(() -> read(text)).hasMessageContaining("app.yaml:3: metadata.name: required");
    }

    @Test
    void malformedYamlSaysWhere() {
        assertThatThrownBy(() -> read("apiVersion: continuum.dev/v1\nkind: [Application\n"))
                .isInstanceOf(ManifestException.class)
                .hasMessageStartingWith("app.yaml:")
                .hasMessageContaining("malformed input");
    }

    @Test
    void everyProblemOfEveryDocumentIsReported() {
        String twoBad = APP.replace("MEMORY", "64Q") + "---\n"
                + APP.replace("MEMORY", "1Gi").replace("hello", "Bad_Name");
        ManifestException e = (ManifestException) catchThrowable(() -> read(twoBad));
        assertThat(e.problems()).hasSize(2);
        assertThat(e.problems().get(1).toString())
                .startsWith("app.yaml:23: metadata.name: \"Bad_Name\" is not a valid name");
    }

    @Test
    void validationErrorsCarryTheirLine() {
        String text = APP.replace("MEMORY", "64Mi").replace("module: https://example.com/store.wasm", "replicas: -1");
        ManifestException e = (ManifestException) catchThrowable(() -> read(text));
        assertThat(e.problems())
                .extracting(Problem::toString)
                .containsExactly(
                        "app.yaml:12: spec.components[1].module: required: a WebAssembly module (file:, https: or"
                                + " oci://) or a container image",
                        "app.yaml:13: spec.components[1].replicas: must be 0 or more");
    }

    @Test
    void jsonRoundTripKeepsEverything() {
        Application app = (Application) read(APP.replace("MEMORY", "64Mi")).getFirst();
        Application back = codec.decode(codec.encode(app), Application.class);
        assertThat(back).isEqualTo(app);
        assertThat(codec.decode(codec.encode(app))).isEqualTo(app);
    }

    @Test
    void nodeDurationsAndQuantitiesRoundTripAsText() {
        Node node = (Node) read("""
                        apiVersion: continuum.dev/v1
                        kind: Node
                        metadata: {name: gw-1}
                        spec: {tier: gateway, autonomy: 1h30m}
                        status: {capacity: {cpu: 4, memory: 8Gi}}
                        """).getFirst();
        assertThat(node.spec().autonomy()).isEqualTo(Duration.ofMinutes(90));
        assertThat(node.status().capacity().cpu()).isEqualTo(Quantity.parse("4000m"));
        assertThat(codec.toJson(node)).contains("\"autonomy\":\"1h30m\"").contains("\"memory\":\"8Gi\"");
    }

    @Test
    void jsonInputIsReadStrictlyToo() {
        assertThatThrownBy(() -> codec.readOne(
                        "request body",
                        "{\"apiVersion\":\"continuum.dev/v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"n\"},\n"
                                + "\"spec\":{\"tier\":\"gateway\",\"color\":1}}",
                        Node.class))
                .hasMessageStartingWith("request body:2: spec.color: unknown field \"color\"");
    }

    @Test
    void derivedPropertiesAreNotWrittenSoTheStrictReaderTakesBackWhatWasWritten() {
        Node node = (Node) read("apiVersion: continuum.dev/v1\nkind: Node\nmetadata: {name: n}\n")
                .getFirst();
        String json = codec.toJson(node);
        assertThat(json).doesNotContain("\"ready\"");
        assertThat(codec.readOne("round trip", json, Node.class)).isEqualTo(node);
    }

    @Test
    void negativeLinkMeasurementsAreRefused() {
        assertThatThrownBy(() -> read("""
                        apiVersion: continuum.dev/v1
                        kind: Node
                        metadata: {name: n}
                        status:
                          links:
                            - {to: parent, rttMs: -3}
                        """)).hasMessage("app.yaml:6: status.links[0].rttMs: must not be negative");
    }

    private static Throwable catchThrowable(Runnable r) {
        try {
            r.run();
        } catch (Throwable t) {
            return t;
        }
        throw new AssertionError("expected an exception");
    }
}

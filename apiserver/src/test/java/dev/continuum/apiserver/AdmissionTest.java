package dev.continuum.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.continuum.model.Application;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdmissionTest {

    private static final String APPS = "/api/v1/namespaces/default/applications";

    private static final String VALID_YAML = """
            apiVersion: continuum.dev/v1
            kind: Application
            metadata:
              name: hello
            spec:
              components:
                - name: greet
                  type: function
                  module: file:hello.wasm
            """;

    @TempDir
    Path dir;

    private ServerFixture f;

    @BeforeEach
    void start() {
        f = new ServerFixture(dir);
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private Http.Answer postYaml(String path, String yaml) {
        return f.http.send(HttpRequest.newBuilder(f.http.uri(path))
                .header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofString(yaml)));
    }

    @Test
    void yamlIsAcceptedWithItsContentType() {
        Http.Answer created = postYaml(APPS, VALID_YAML);

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.contentType()).startsWith("application/json");
        assertThat(f.store.get(Application.class, "default", "hello")).isPresent();
    }

    @Test
    void admissionFillsInDefaults() {
        JsonNode created =
                postYaml(APPS, VALID_YAML.replace("      type: function\n", "")).json();

        JsonNode component = created.path("spec").path("components").get(0);
        assertThat(component.path("type").asText()).isEqualTo("service");
        assertThat(component.path("replicas").asInt()).isEqualTo(1);
        assertThat(created.path("metadata").path("namespace").asText()).isEqualTo("default");
    }

    @Test
    void invalidValuesAre422NamingTheFieldAndTheLineOfEveryProblem() {
        String yaml = """
                apiVersion: continuum.dev/v1
                kind: Application
                metadata:
                  name: hello
                spec:
                  components:
                    - name: greet
                      module: file:hello.wasm
                      replicas: -1
                    - name: BAD_NAME
                      module: file:other.wasm
                """;

        Http.Answer answer = postYaml(APPS, yaml);

        assertThat(answer.status()).isEqualTo(422);
        JsonNode error = answer.json();
        assertThat(error.path("code").asInt()).isEqualTo(422);
        assertThat(error.path("reason").asText()).isEqualTo("Invalid");
        assertThat(error.path("field").asText()).isEqualTo("spec.components[0].replicas");
        assertThat(error.path("message").asText()).startsWith("request body:9: spec.components[0].replicas: ");
        assertThat(error.path("problems")).hasSize(2);
        assertThat(error.path("problems").get(0).path("line").asInt()).isEqualTo(9);
        assertThat(error.path("problems").get(1).path("path").asText()).isEqualTo("spec.components[1].name");
        assertThat(error.path("problems").get(1).path("line").asInt()).isEqualTo(10);
        assertThat(error.path("problems").get(1).path("source").asText()).isEqualTo("request body");
    }

    @Test
    void unknownFieldsAre422WithTheirLine() {
        Http.Answer answer = postYaml(APPS, VALID_YAML.replace("      type: function\n", "      tyep: function\n"));

        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.json().path("field").asText()).isEqualTo("spec.components[0].tyep");
        assertThat(answer.json().path("problems").get(0).path("line").asInt()).isEqualTo(8);
        assertThat(answer.json().path("message").asText()).contains("unknown field \"tyep\"");
    }

    @Test
    void wrongTypesAre422() {
        Http.Answer answer = f.http.post(APPS, """
                {"apiVersion":"continuum.dev/v1","kind":"Application","metadata":{"name":"a"},
                 "spec":{"components":[{"name":"c","module":"file:c.wasm","replicas":"three"}]}}""");

        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.json().path("field").asText()).isEqualTo("spec.components[0].replicas");
        assertThat(answer.json().path("problems").get(0).path("line").asInt()).isEqualTo(2);
    }

    @Test
    void malformedJsonIs400WithTheLine() {
        Http.Answer answer = f.http.post(APPS, "{\"apiVersion\": \"continuum.dev/v1\",\n \"kind\": }");

        assertThat(answer.status()).isEqualTo(400);
        JsonNode error = answer.json();
        assertThat(error.path("reason").asText()).isEqualTo("BadRequest");
        assertThat(error.path("message").asText()).startsWith("request body:2: malformed JSON: ");
        assertThat(error.path("problems").get(0).path("line").asInt()).isEqualTo(2);
    }

    @Test
    void yamlSentAsJsonIs400SayingHowToSendYaml() {
        Http.Answer answer = f.http.post(APPS, VALID_YAML);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().path("message").asText()).contains("Content-Type: application/yaml");
    }

    @Test
    void malformedYamlIs400WithTheLine() {
        Http.Answer answer = postYaml(APPS, "apiVersion: continuum.dev/v1\nkind: [Application\n");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().path("message").asText()).startsWith("request body:");
        assertThat(answer.json().path("message").asText()).contains("malformed YAML");
    }

    @Test
    void anEmptyBodyIs400() {
        Http.Answer answer = f.http.post(APPS, "");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().path("message").asText()).startsWith("the request body is empty");
    }

    @Test
    void twoDocumentsInOneBodyAre400() {
        Http.Answer answer = postYaml(APPS, VALID_YAML + "---\n" + VALID_YAML.replace("hello", "other"));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().path("message").asText()).contains("expected one resource, found 2");
    }

    @Test
    void aBodyOfAnotherKindIs422OnKind() {
        Http.Answer answer = postYaml("/api/v1/nodes", VALID_YAML);

        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.json().path("field").asText()).isEqualTo("kind");
        assertThat(answer.json().path("message").asText()).contains("expected kind Node, found Application");
    }

    @Test
    void theBodyNamespaceMustAgreeWithThePath() {
        Http.Answer answer = postYaml(
                "/api/v1/namespaces/other/applications",
                VALID_YAML.replace("  name: hello\n", "  name: hello\n  namespace: default\n"));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().path("field").asText()).isEqualTo("metadata.namespace");
        assertThat(answer.json().path("message").asText())
                .isEqualTo("metadata.namespace \"default\" does not match the namespace in the path \"other\";"
                        + " they must agree");
    }

    @Test
    void theBodyNameMustAgreeWithThePath() {
        postYaml(APPS, VALID_YAML);

        Http.Answer answer = f.http.send(HttpRequest.newBuilder(f.http.uri(APPS + "/other"))
                .header("Content-Type", "application/yaml")
                .PUT(HttpRequest.BodyPublishers.ofString(VALID_YAML)));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().path("field").asText()).isEqualTo("metadata.name");
    }

    @Test
    void aBodyWithoutNameTakesTheNameOfThePath() {
        postYaml(APPS, VALID_YAML);

        Http.Answer answer = f.http.send(HttpRequest.newBuilder(f.http.uri(APPS + "/hello"))
                .header("Content-Type", "application/yaml")
                .PUT(HttpRequest.BodyPublishers.ofString(VALID_YAML.replace("  name: hello\n", "  labels: {a: b}\n"))));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().path("metadata").path("labels").path("a").asText())
                .isEqualTo("b");
    }

    @Test
    void aMissingNameOnCreateIs422() {
        Http.Answer answer = postYaml(APPS, VALID_YAML.replace("  name: hello\n", "  labels: {a: b}\n"));

        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.json().path("field").asText()).isEqualTo("metadata.name");
    }

    @Test
    void anInvalidNamespaceInThePathIs422() {
        Http.Answer answer = postYaml("/api/v1/namespaces/Not_Valid/applications", VALID_YAML);

        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.json().path("field").asText()).isEqualTo("metadata.namespace");
    }
}

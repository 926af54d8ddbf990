package dev.continuum.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.continuum.store.KeyValue;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JoinTest {

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

    private Http.Answer join(String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(f.http.uri("/api/v1/join"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return f.http.send(request);
    }

    private JsonNode whoami(String token) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(f.http.uri("/api/v1/whoami")).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return f.http.send(request).json();
    }

    @Test
    void aGoodBootstrapTokenGetsANodeTokenOfAtLeast128Bits() {
        Http.Answer answer = join(ServerFixture.BOOTSTRAP, "{\"nodeName\":\"gw-1\"}");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().path("nodeName").asText()).isEqualTo("gw-1");
        String token = answer.json().path("token").asText();
        assertThat(Base64.getUrlDecoder().decode(token)).hasSizeGreaterThanOrEqualTo(16);
    }

    @Test
    void requestsWithTheNodeTokenAreAttributedToTheNode() {
        String token = join(ServerFixture.BOOTSTRAP, "{\"nodeName\":\"gw-1\"}")
                .json()
                .path("token")
                .asText();

        JsonNode caller = whoami(token);

        assertThat(caller.path("type").asText()).isEqualTo("node");
        assertThat(caller.path("name").asText()).isEqualTo("gw-1");
    }

    @Test
    void requestsWithoutTokenAreAnonymousAndABootstrapTokenIsNoIdentity() {
        assertThat(whoami(null).path("type").asText()).isEqualTo("anonymous");
        Http.Answer bootstrap = f.http.send(HttpRequest.newBuilder(f.http.uri("/api/v1/whoami"))
                .header("Authorization", "Bearer " + ServerFixture.BOOTSTRAP)
                .GET());
        assertThat(bootstrap.status()).isEqualTo(401);
    }

    @Test
    void aWrongBootstrapTokenIs401() {
        Http.Answer wrong = join("guess", "{\"nodeName\":\"gw-1\"}");
        Http.Answer missing = join(null, "{\"nodeName\":\"gw-1\"}");

        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.json().path("reason").asText()).isEqualTo("Unauthorized");
        assertThat(wrong.json().path("message").asText()).startsWith("the bootstrap token is not valid");
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.json().path("message").asText()).startsWith("joining needs a bootstrap token");
        assertThat(f.kv.list(BearerTokens.NODE_OWNERS).items()).isEmpty();
    }

    @Test
    void anUnknownBearerTokenIs401OnEveryApiRoute() {
        Http.Answer answer = f.http.send(HttpRequest.newBuilder(f.http.uri("/api/v1/nodes"))
                .header("Authorization", "Bearer not-a-token")
                .GET());

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.json().path("message").asText()).contains("must join again");
    }

    @Test
    void onlyTheTokensHashIsStoredOutsideTheRegistry() {
        String token = join(ServerFixture.BOOTSTRAP, "{\"nodeName\":\"gw-1\"}")
                .json()
                .path("token")
                .asText();

        KeyValue stored = f.kv.get(BearerTokens.NODE_OWNERS + "gw-1").orElseThrow();
        String value = new String(stored.value(), StandardCharsets.UTF_8);

        assertThat(value).doesNotContain(token).contains(Secrets.sha256(token));
        assertThat(f.kv.get(BearerTokens.NODE_HASHES + Secrets.sha256(token))).isPresent();
        assertThat(f.kv.list("/registry/").items()).isEmpty();
    }

    @Test
    void joiningAgainReplacesTheOldToken() {
        String first = join(ServerFixture.BOOTSTRAP, "{\"nodeName\":\"gw-1\"}")
                .json()
                .path("token")
                .asText();
        String second = join(ServerFixture.BOOTSTRAP, "{\"nodeName\":\"gw-1\"}")
                .json()
                .path("token")
                .asText();

        assertThat(second).isNotEqualTo(first);
        assertThat(whoami(second).path("name").asText()).isEqualTo("gw-1");
        Http.Answer old = f.http.send(HttpRequest.newBuilder(f.http.uri("/api/v1/whoami"))
                .header("Authorization", "Bearer " + first)
                .GET());
        assertThat(old.status()).isEqualTo(401);
        assertThat(f.kv.get(BearerTokens.NODE_HASHES + Secrets.sha256(first))).isEmpty();
    }

    @Test
    void tokensOfDifferentNodesAreKeptApart() {
        String a = join(ServerFixture.BOOTSTRAP, "{\"nodeName\":\"a\"}")
                .json()
                .path("token")
                .asText();
        String b = join(ServerFixture.BOOTSTRAP, "{\"nodeName\":\"b\"}")
                .json()
                .path("token")
                .asText();

        assertThat(whoami(a).path("name").asText()).isEqualTo("a");
        assertThat(whoami(b).path("name").asText()).isEqualTo("b");
    }

    @Test
    void anInvalidNodeNameIs422OnNodeName() {
        Http.Answer answer = join(ServerFixture.BOOTSTRAP, "{\"nodeName\":\"Not_A_Name\"}");
        Http.Answer missing = join(ServerFixture.BOOTSTRAP, "{}");
        Http.Answer unknown = join(ServerFixture.BOOTSTRAP, "{\"nodeName\":\"a\",\"role\":\"admin\"}");
        Http.Answer garbage = join(ServerFixture.BOOTSTRAP, "nodeName=a");

        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.json().path("field").asText()).isEqualTo("nodeName");
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.json().path("message").asText()).isEqualTo("nodeName: required");
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.json().path("field").asText()).isEqualTo("role");
        assertThat(garbage.status()).isEqualTo(400);
    }
}

package dev.continuum.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.continuum.model.Location;
import dev.continuum.model.Tier;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentOptionsTest {

    @TempDir
    Path dir;

    @Test
    void fillsDefaultsForWhatIsNotGiven() {
        AgentOptions options = AgentOptions.builder().server("127.0.0.1:7070").build();

        assertThat(options.server()).isEqualTo(URI.create("https://127.0.0.1:7070"));
        assertThat(options.nodeName()).isNotBlank();
        assertThat(options.gatewayPort()).isEqualTo(7080);
        assertThat(options.gatewayHost()).isEqualTo("0.0.0.0");
        assertThat(options.leaseRenewInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(options.leaseDuration())
                .as("2s × 3 + 1s network + 3s store failover")
                .isEqualTo(Duration.ofSeconds(10));
        assertThat(options.restartBackoff()).isEqualTo(Duration.ofSeconds(1));
        assertThat(options.restartBackoffMax()).isEqualTo(Duration.ofMinutes(5));
        assertThat(options.dataDir().endsWith(Path.of(".continuum", "agent"))).isTrue();
        assertThat(options.tier()).isNull();
        assertThat(options.location()).isNull();
    }

    @Test
    void leaseTimingsDefaultByTierAndTheGraceFollowsAGivenRenewal() {
        AgentOptions device = AgentOptions.builder()
                .server("http://cp:7070")
                .nodeName("d1")
                .tier(Tier.DEVICE)
                .build();
        assertThat(device.leaseRenewInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(device.leaseDuration())
                .as("10s × 3 + 10s network + 3s store")
                .isEqualTo(Duration.ofSeconds(43));

        AgentOptions fast = AgentOptions.builder()
                .server("http://cp:7070")
                .nodeName("g1")
                .tier(Tier.GATEWAY)
                .leaseRenewInterval(Duration.ofSeconds(1))
                .build();
        assertThat(fast.leaseDuration()).as("1s × 3 + 5s network + 3s store").isEqualTo(Duration.ofSeconds(11));
    }

    @Test
    void readsEveryOptionFromTheConfigFile() throws IOException {
        Path file = dir.resolve("agent.yaml");
        Files.writeString(file, """
                server: http://10.1.2.3:7070
                bootstrapToken: boot
                nodeName: gw-7
                dataDir: state
                tier: gateway
                parent: edge-1
                labels: {site: plant-3, rack: "4"}
                location: {region: eu-west, zone: eu-west-1a, site: plant-3, lat: 48.1, lon: 11.6}
                arch: arm64
                os: linux
                gatewayHost: 127.0.0.1
                gatewayPort: 9090
                gatewayAddress: http://gw-7.local:9090
                leaseRenewInterval: 500ms
                leaseDuration: 3s
                restartBackoff: 2s
                restartBackoffMax: 1m
                """);

        AgentOptions options = AgentOptions.builder().configFile(file).build();

        assertThat(options.server()).isEqualTo(URI.create("http://10.1.2.3:7070"));
        assertThat(options.bootstrapToken()).isEqualTo("boot");
        assertThat(options.nodeName()).isEqualTo("gw-7");
        assertThat(options.dataDir()).isEqualTo(dir.resolve("state"));
        assertThat(options.tier()).isEqualTo(Tier.GATEWAY);
        assertThat(options.parent()).isEqualTo("edge-1");
        assertThat(options.labels()).containsExactlyInAnyOrderEntriesOf(Map.of("site", "plant-3", "rack", "4"));
        assertThat(options.location()).isEqualTo(new Location("eu-west", "eu-west-1a", "plant-3", 48.1, 11.6));
        assertThat(options.arch()).isEqualTo("arm64");
        assertThat(options.os()).isEqualTo("linux");
        assertThat(options.gatewayHost()).isEqualTo("127.0.0.1");
        assertThat(options.gatewayPort()).isEqualTo(9090);
        assertThat(options.gatewayAddressFor(9090)).isEqualTo("http://gw-7.local:9090");
        assertThat(options.leaseRenewInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(options.leaseDuration()).isEqualTo(Duration.ofSeconds(3));
        assertThat(options.restartBackoff()).isEqualTo(Duration.ofSeconds(2));
        assertThat(options.restartBackoffMax()).isEqualTo(Duration.ofMinutes(1));
        assertThat(options.configFile()).isEqualTo(file);
    }

    @Test
    void flagsWinOverTheConfigFileAndLabelsMergeKeyByKey() throws IOException {
        Path file = dir.resolve("agent.yaml");
        Files.writeString(file, """
                server: http://10.1.2.3:7070
                nodeName: from-file
                tier: gateway
                labels: {site: plant-3, rack: "4"}
                location: {region: eu-west, zone: eu-west-1a}
                """);

        AgentOptions options = AgentOptions.builder()
                .configFile(file)
                .nodeName("from-flag")
                .label("rack", "5")
                .zone("eu-west-1b")
                .gatewayPort(0)
                .build();

        assertThat(options.nodeName()).isEqualTo("from-flag");
        assertThat(options.tier()).isEqualTo(Tier.GATEWAY);
        assertThat(options.labels()).containsExactlyInAnyOrderEntriesOf(Map.of("site", "plant-3", "rack", "5"));
        assertThat(options.location()).isEqualTo(new Location("eu-west", "eu-west-1b", null, null, null));
        assertThat(options.gatewayPort()).isZero();
    }

    @Test
    void anUnknownKeyInTheConfigFileNamesFileLineAndKey() throws IOException {
        Path file = dir.resolve("agent.yaml");
        Files.writeString(file, """
                server: http://10.1.2.3:7070
                nodeName: gw-7
                gatewayPrt: 9090
                """);

        assertThatThrownBy(() -> AgentOptions.builder().configFile(file).build())
                .isInstanceOf(AgentConfigException.class)
                .hasMessageContaining(file + ":3")
                .hasMessageContaining("gatewayPrt")
                .hasMessageContaining("unknown key")
                .hasMessageContaining("gatewayPort");
    }

    @Test
    void aWrongValueInTheConfigFileNamesLineKeyAndWhy() throws IOException {
        Path file = dir.resolve("agent.yaml");
        Files.writeString(file, """
                server: http://10.1.2.3:7070
                tier: stratosphere
                """);

        assertThatThrownBy(() -> AgentOptions.builder().configFile(file).build())
                .isInstanceOf(AgentConfigException.class)
                .hasMessageContaining(file + ":2")
                .hasMessageContaining("tier")
                .hasMessageContaining("\"stratosphere\" is not a tier");
    }

    @Test
    void aBadDurationInTheConfigFileIsAnError() throws IOException {
        Path file = dir.resolve("agent.yaml");
        Files.writeString(file, """
                server: http://10.1.2.3:7070
                leaseDuration: soon
                """);

        assertThatThrownBy(() -> AgentOptions.builder().configFile(file).build())
                .isInstanceOf(AgentConfigException.class)
                .hasMessageContaining(file + ":2")
                .hasMessageContaining("leaseDuration");
    }

    @Test
    void aMissingConfigFileSaysSo() {
        Path file = dir.resolve("absent.yaml");

        assertThatThrownBy(() -> AgentOptions.builder().configFile(file).build())
                .isInstanceOf(AgentConfigException.class)
                .hasMessageContaining(file + " does not exist");
    }

    @Test
    void noServerAnywhereIsAnErrorThatSaysWhatToPass() {
        assertThatThrownBy(() -> AgentOptions.builder().build())
                .isInstanceOf(AgentConfigException.class)
                .hasMessageContaining("--server");
    }

    @Test
    void rejectsALeaseThatExpiresBetweenRenewals() {
        assertThatThrownBy(() -> AgentOptions.builder()
                        .server("http://127.0.0.1:7070")
                        .leaseRenewInterval(Duration.ofSeconds(5))
                        .leaseDuration(Duration.ofSeconds(5))
                        .build())
                .isInstanceOf(AgentConfigException.class)
                .hasMessageContaining("leaseDuration");
    }

    @Test
    void rejectsANodeNameThatIsNotAValidName() {
        assertThatThrownBy(() -> AgentOptions.builder()
                        .server("http://127.0.0.1:7070")
                        .nodeName("Not_A_Name")
                        .build())
                .isInstanceOf(AgentConfigException.class)
                .hasMessageContaining("nodeName")
                .hasMessageContaining("Not_A_Name");
    }

    @Test
    void derivesTheGatewayAddressFromTheListeningHost() {
        AgentOptions options = AgentOptions.builder()
                .server("http://127.0.0.1:7070")
                .gatewayHost("127.0.0.1")
                .build();

        assertThat(options.gatewayAddressFor(41234)).isEqualTo("http://127.0.0.1:41234");
    }

    @Test
    void theMqttBrokerComesFromTheFlagOrTheConfigFileAndIsNoneByDefault() throws IOException {
        Path file = dir.resolve("agent.yaml");
        Files.writeString(file, """
                server: http://10.1.2.3:7070
                mqttBroker: mqtt://10.1.2.3:1884
                """);

        var fromFile = AgentOptions.builder().configFile(file).build();
        var fromFlag = AgentOptions.builder()
                .configFile(file)
                .mqttBroker("mqtts://broker.example")
                .build();

        assertThat(AgentOptions.builder().server("127.0.0.1:7070").build().mqttBroker())
                .isNull();
        assertThat(fromFile.mqttBroker()).hasToString("mqtt://10.1.2.3:1884");
        assertThat(fromFlag.mqttBroker()).hasToString("mqtts://broker.example:8883");
    }

    @Test
    void aBrokerThatIsNotAnMqttUrlIsAnErrorSayingWhatToGive() {
        assertThatThrownBy(() -> AgentOptions.builder()
                        .server("127.0.0.1:7070")
                        .mqttBroker("localhost:1883")
                        .build())
                .isInstanceOf(AgentConfigException.class)
                .hasMessageStartingWith("--mqtt-broker \"localhost:1883\" must start with mqtt:// or mqtts://")
                .hasMessageContaining("mqtt://127.0.0.1:1883");
    }
}

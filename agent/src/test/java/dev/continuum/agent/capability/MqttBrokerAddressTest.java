package dev.continuum.agent.capability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MqttBrokerAddressTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "mqtt://127.0.0.1:1884, 127.0.0.1, 1884, false",
        "mqtt://broker.local, broker.local, 1883, false",
        "mqtts://broker.example, broker.example, 8883, true",
        "MQTTS://broker.example:9000/, broker.example, 9000, true"
    })
    void readsHostPortAndTls(String text, String host, int port, boolean tls) {
        var address = MqttBrokerAddress.parse(text, "--mqtt-broker");

        assertThat(address.host()).isEqualTo(host);
        assertThat(address.port()).isEqualTo(port);
        assertThat(address.tls()).isEqualTo(tls);
        assertThat(address.username()).isNull();
    }

    @Test
    void credentialsAreReadButNeverShown() {
        var address = MqttBrokerAddress.parse("mqtt://edge%40site:s%3Acret@10.0.0.5:1883", "--mqtt-broker");

        assertThat(address.username()).isEqualTo("edge@site");
        assertThat(address.password()).isEqualTo("s:cret");
        assertThat(address).hasToString("mqtt://10.0.0.5:1883");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "http://broker:1883, must start with mqtt:// or mqtts://",
        "broker:1883, must start with mqtt:// or mqtts://",
        "mqtt://broker/topics, has a path",
        "'mqtt:// bad', is not a URL",
        "'', is empty"
    })
    void refusesWhatIsNotABrokerURLNamingWhereItCameFrom(String text, String problem) {
        assertThatThrownBy(() -> MqttBrokerAddress.parse(text, "--mqtt-broker"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--mqtt-broker")
                .hasMessageContaining(problem)
                .hasMessageContaining("mqtt://127.0.0.1:1883");
    }
}

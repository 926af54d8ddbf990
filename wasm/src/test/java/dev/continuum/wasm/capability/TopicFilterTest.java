package dev.continuum.wasm.capability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopicFilterTest {

    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource({
        "sensors/+/out, sensors/7/out, true",
        "sensors/+/out, sensors/7/in, false",
        "sensors/+/out, sensors/7/out/x, false",
        "sensors/#, sensors, true",
        "sensors/#, sensors/a/b/c, true",
        "#, a/b, true",
        "#, $SYS/uptime, false",
        "+/x, $SYS/x, false",
        "a/b, a/b, true",
        "a/b, a/b/, false",
    })
    void matchesTopicsAsMqttDoes(String filter, String topic, boolean expected) {
        assertThat(TopicFilter.matches(filter, topic)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} covers {1}: {2}")
    @CsvSource({
        "commands/#, commands/#, true",
        "commands/#, commands/+/go, true",
        "commands/+, commands/#, false",
        "commands/+, commands/a, true",
        "commands/a, commands/+, false",
        "#, anything/+/#, true",
        "commands/#, #, false",
    })
    void letsASubscriptionOnlyNarrowTheGrant(String granted, String requested, boolean expected) {
        assertThat(TopicFilter.covers(granted, requested)).isEqualTo(expected);
    }
}

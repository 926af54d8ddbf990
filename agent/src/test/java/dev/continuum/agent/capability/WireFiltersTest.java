package dev.continuum.agent.capability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.continuum.wasm.capability.TopicFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WireFiltersTest {

    @ParameterizedTest(name = "{0} and {1} overlap: {2}")
    @CsvSource({
        "a/b, a/b, true",
        "a/b, a/c, false",
        "a/+, a/b, true",
        "a/+/c, a/b/+, true",
        "a/+/c, a/b/d, false",
        "a/#, a, true",
        "a/#, a/b/c, true",
        "a/+/#, a/b, true",
        "a/b, a/b/c, false",
        "+/b, a/+, true",
        "#, x/y, true"
    })
    void overlapIsWhetherSomeTopicMatchesBoth(String a, String b, boolean expected) {
        assertThat(WireFilters.overlap(a, b)).isEqualTo(expected);
        assertThat(WireFilters.overlap(b, a)).isEqualTo(expected);
    }

    @Test
    void aFilterCoveredByAnotherIsNotSubscribedSeparately() {
        assertThat(WireFilters.disjointCover(List.of("c/shop/sensors/temp", "c/shop/sensors/#", "c/shop/x")))
                .containsExactlyInAnyOrder("c/shop/sensors/#", "c/shop/x");
    }

    @Test
    void overlappingFiltersAreReplacedByTheirGeneralisation() {
        assertThat(WireFilters.disjointCover(List.of("c/a/+/c", "c/a/b/+"))).containsExactly("c/a/+/+");
        assertThat(WireFilters.disjointCover(List.of("c/a/+/#", "c/a/b"))).containsExactly("c/a/+/#");
    }

    @Test
    void disjointFiltersStayAsTheyAre() {
        assertThat(WireFilters.disjointCover(List.of("c/one/#", "c/two/#", "c/one", "c/three/x")))
                .isEqualTo(Set.of("c/one/#", "c/two/#", "c/three/x"));
        assertThat(WireFilters.disjointCover(List.of())).isEmpty();
    }

    /**
     * For random filters and topics: every topic some wanted filter matches is matched by exactly one
     * filter of the cover, so a message arrives once and reaches everyone who wants it.
     */
    @Test
    void theCoverMatchesEveryWantedTopicExactlyOnce() {
        long seed = new Random().nextLong();
        var random = new Random(seed);
        String[] words = {"a", "b", "c"};
        for (int round = 0; round < 300; round++) {
            var wanted = new ArrayList<String>();
            int n = 1 + random.nextInt(5);
            for (int i = 0; i < n; i++) {
                wanted.add(randomFilter(random, words));
            }
            Set<String> cover = WireFilters.disjointCover(wanted);
            for (int t = 0; t < 40; t++) {
                String topic = randomTopic(random, words);
                boolean isWanted = wanted.stream().anyMatch(f -> TopicFilter.matches(f, topic));
                long matching = cover.stream()
                        .filter(f -> TopicFilter.matches(f, topic))
                        .count();
                assertThat(matching)
                        .as("seed %d: wanted %s, cover %s, topic %s", seed, wanted, cover, topic)
                        .isLessThanOrEqualTo(1);
                if (isWanted) {
                    assertThat(matching)
                            .as("seed %d: wanted %s, cover %s, topic %s", seed, wanted, cover, topic)
                            .isEqualTo(1);
                }
            }
        }
    }

    private static String randomFilter(Random random, String[] words) {
        int levels = 1 + random.nextInt(4);
        var parts = new ArrayList<String>();
        parts.add("root");
        for (int i = 0; i < levels; i++) {
            int pick = random.nextInt(words.length + 2);
            if (pick == words.length + 1 && i == levels - 1) {
                parts.add("#");
            } else if (pick >= words.length) {
                parts.add("+");
            } else {
                parts.add(words[pick]);
            }
        }
        return String.join("/", parts);
    }

    private static String randomTopic(Random random, String[] words) {
        int levels = 1 + random.nextInt(5);
        var parts = new ArrayList<String>();
        parts.add("root");
        for (int i = 0; i < levels; i++) {
            parts.add(words[random.nextInt(words.length)]);
        }
        return String.join("/", parts);
    }
}

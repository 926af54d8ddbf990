package dev.continuum.scheduler.plugins.tier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.continuum.model.Tier;
import dev.continuum.scheduler.PluginCheck;
import dev.continuum.testing.MakeInstance;
import dev.continuum.testing.MakeNode;
import java.util.Arrays;
import org.assertj.core.data.Offset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TierFitTest {

    private static Tier[] tiers(String list) {
        return list.isEmpty()
                ? new Tier[0]
                : Arrays.stream(list.split(",")).map(Tier::valueOf).toArray(Tier[]::new);
    }

    @ParameterizedTest(name = "{0} node, allowed [{1}]: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            GATEWAY      | ''                 | fits
            GATEWAY      | GATEWAY            | fits
            GATEWAY      | CLOUD              | wrong tier
            NETWORK_EDGE | CLOUD,NETWORK_EDGE | fits
            DEVICE       | CLOUD,NETWORK_EDGE | wrong tier
            """)
    void keepsToTheAllowedTiers(Tier tier, String allowed, String verdict) {
        PluginCheck check = PluginCheck.of(
                MakeInstance.named("i").tiers(tiers(allowed)).obj(),
                MakeNode.named("n").tier(tier).obj());

        assertThat(check.verdict(new TierFit(), "n")).isEqualTo(verdict);
    }

    @ParameterizedTest(name = "node without a tier, allowed [{0}]: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            CLOUD | node has no tier; allowed: cloud
            """)
    void aNodeWithoutTierFitsNoTierConstraint(String allowed, String reason) {
        PluginCheck check = PluginCheck.of(
                MakeInstance.named("i").tiers(tiers(allowed)).obj(),
                MakeNode.named("n").obj());

        assertThat(check.verdict(new TierFit(), "n")).isEqualTo("wrong tier");
        assertThat(check.reason(new TierFit(), "n")).isEqualTo(reason);
    }

    @ParameterizedTest(name = "{0} node, preferred [{1}]: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            GATEWAY      | GATEWAY,NETWORK_EDGE,CLOUD | 100
            NETWORK_EDGE | GATEWAY,NETWORK_EDGE,CLOUD | 66.7
            CLOUD        | GATEWAY,NETWORK_EDGE,CLOUD | 33.3
            DEVICE       | GATEWAY,NETWORK_EDGE,CLOUD | 0
            """)
    void prefersEarlierTiers(Tier tier, String preferred, double score) {
        PluginCheck check = PluginCheck.of(
                MakeInstance.named("i").preferredTiers(tiers(preferred)).obj(),
                MakeNode.named("n").tier(tier).obj());

        assertThat(check.score(new TierFit(), "n")).isCloseTo(score, Offset.offset(0.1));
    }

    @ParameterizedTest(name = "no preferred tiers: the scorer sits out")
    @CsvSource({"GATEWAY"})
    void sitsOutWithoutPreferences(Tier tier) {
        PluginCheck check = PluginCheck.of(
                MakeInstance.named("i").obj(), MakeNode.named("n").tier(tier).obj());

        assertThat(check.score(new TierFit(), "n")).isNaN();
    }
}

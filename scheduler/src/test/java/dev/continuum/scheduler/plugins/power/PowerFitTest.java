package dev.continuum.scheduler.plugins.power;

import static org.assertj.core.api.Assertions.assertThat;

import dev.continuum.model.PowerSource;
import dev.continuum.scheduler.PluginCheck;
import dev.continuum.testing.MakeInstance;
import dev.continuum.testing.MakeNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PowerFitTest {

    /** {@code source/percent}, {@code -} for an unknown percent, {@code none} for no report. */
    private static MakeNode powered(String power) {
        MakeNode node = MakeNode.named("n");
        if (power.equals("none")) {
            return node;
        }
        String[] f = power.split("/");
        Double percent = f.length < 2 || f[1].equals("-") ? null : Double.parseDouble(f[1]);
        return node.power(PowerSource.parse(f[0]), percent, null);
    }

    private static MakeInstance wanting(String limit) {
        MakeInstance instance = MakeInstance.named("i");
        if (limit.equals("mains")) {
            instance.mainsOnly();
        } else if (!limit.isEmpty()) {
            instance.minBatteryPercent(Double.parseDouble(limit));
        }
        return instance;
    }

    @ParameterizedTest(name = "node {0}, component wants [{1}]: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            battery/10  | ''    | fits
            battery/50  | 30    | fits
            battery/29  | 30    | battery < 30%
            battery/-   | 30    | battery level unknown
            solar/20    | 30    | battery < 30%
            solar/80    | 30    | fits
            mains       | 30    | fits
            none        | 30    | fits
            battery/100 | mains | not on mains
            solar/100   | mains | not on mains
            mains       | mains | fits
            none        | mains | fits
            """)
    void keepsComponentsOffWeakPower(String power, String limit, String verdict) {
        PluginCheck check = PluginCheck.of(wanting(limit).obj(), powered(power).obj());

        assertThat(check.verdict(new PowerFit(), "n")).isEqualTo(verdict);
    }

    @ParameterizedTest(name = "node {0}: score {1}")
    @CsvSource(delimiter = '|', textBlock = """
            mains      | 100
            none       | 100
            solar/50   | 80
            solar/-    | 60
            battery/50 | 40
            battery/-  | 0
            """)
    void prefersMainsThenSolarThenFullBatteries(String power, double score) {
        PluginCheck check =
                PluginCheck.of(MakeInstance.named("i").obj(), powered(power).obj());

        assertThat(check.score(new PowerFit(), "n")).isEqualTo(score);
    }

    @ParameterizedTest(name = "node {0}, component wants [{1}]")
    @CsvSource(delimiter = '|', textBlock = """
            battery/22 | 30    | node runs on battery at 22%; component needs 30%
            solar/90   | mains | node runs on solar; component needs mains
            """)
    void saysHowTheNodeIsPowered(String power, String limit, String reason) {
        PluginCheck check = PluginCheck.of(wanting(limit).obj(), powered(power).obj());

        assertThat(check.reason(new PowerFit(), "n")).isEqualTo(reason);
    }
}

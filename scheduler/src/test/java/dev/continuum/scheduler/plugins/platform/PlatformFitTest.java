package dev.continuum.scheduler.plugins.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.continuum.scheduler.PluginCheck;
import dev.continuum.testing.MakeInstance;
import dev.continuum.testing.MakeNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlatformFitTest {

    @ParameterizedTest(name = "node {0}/{1}, wants arch [{2}] os [{3}]: {4}")
    @CsvSource(delimiter = '|', textBlock = """
            amd64   | linux  | ''          | ''      | fits
            arm64   | linux  | arm64       | ''      | fits
            amd64   | linux  | arm64       | ''      | arch not arm64
            riscv64 | linux  | amd64,arm64 | ''      | arch not amd64 or arm64
            arm64   | linux  | amd64,arm64 | ''      | fits
            arm64   | darwin | arm64       | linux   | os not linux
            arm64   | linux  | ''          | linux   | fits
            amd64   | darwin | arm64       | linux   | arch not arm64
            """)
    void matchesArchAndOs(String arch, String os, String wantArch, String wantOs, String verdict) {
        MakeInstance instance = MakeInstance.named("i");
        if (!wantArch.isEmpty()) {
            instance.arch(wantArch.split(","));
        }
        if (!wantOs.isEmpty()) {
            instance.os(wantOs.split(","));
        }
        PluginCheck check = PluginCheck.of(
                instance.obj(), MakeNode.named("n").arch(arch).os(os).obj());

        assertThat(check.verdict(new PlatformFit(), "n")).isEqualTo(verdict);
    }

    @ParameterizedTest(name = "node arch {0}")
    @CsvSource(delimiter = '|', textBlock = """
            amd64 | node arch is amd64; component needs arm64
            """)
    void saysWhichArchItHas(String arch, String reason) {
        PluginCheck check = PluginCheck.of(
                MakeInstance.named("i").arch("arm64").obj(),
                MakeNode.named("n").arch(arch).obj());

        assertThat(check.reason(new PlatformFit(), "n")).isEqualTo(reason);
    }

    @ParameterizedTest(name = "a node with no arch reported, wanting {0}")
    @CsvSource({"arm64"})
    void aNodeWithoutPlatformFitsNoArchConstraint(String want) {
        PluginCheck check = PluginCheck.of(
                MakeInstance.named("i").arch(want).obj(),
                MakeNode.named("n").arch(null).obj());

        assertThat(check.verdict(new PlatformFit(), "n")).isEqualTo("arch not arm64");
    }
}

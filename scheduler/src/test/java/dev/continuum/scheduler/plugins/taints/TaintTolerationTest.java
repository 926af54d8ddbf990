package dev.continuum.scheduler.plugins.taints;

import static org.assertj.core.api.Assertions.assertThat;

import dev.continuum.model.TaintEffect;
import dev.continuum.scheduler.PluginCheck;
import dev.continuum.testing.MakeInstance;
import dev.continuum.testing.MakeNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TaintTolerationTest {

    /** {@code key=value:Effect}, or empty. */
    private static MakeNode tainted(String taint) {
        MakeNode node = MakeNode.named("n");
        if (!taint.isEmpty()) {
            String[] kv = taint.split(":")[0].split("=");
            node.taint(kv[0], kv.length > 1 ? kv[1] : null, TaintEffect.parse(taint.split(":")[1]));
        }
        return node;
    }

    /** {@code key operator value effect}, fields {@code -} when absent; or empty. */
    private static MakeInstance tolerating(String toleration) {
        MakeInstance instance = MakeInstance.named("i");
        if (!toleration.isEmpty()) {
            String[] f = toleration.split(" ");
            instance.toleration(dash(f[0]), dash(f[1]), dash(f[2]), f[3].equals("-") ? null : TaintEffect.parse(f[3]));
        }
        return instance;
    }

    private static String dash(String s) {
        return s.equals("-") ? null : s;
    }

    @ParameterizedTest(name = "taint [{0}], toleration [{1}]: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            ''                        | ''                              | fits
            dedicated=gpu:NoSchedule  | ''                              | untolerated taint dedicated=gpu:NoSchedule
            dedicated=gpu:NoExecute   | ''                              | untolerated taint dedicated=gpu:NoExecute
            dedicated=gpu:NoSchedule  | dedicated Equal gpu -           | fits
            dedicated=gpu:NoSchedule  | dedicated Equal cpu -           | untolerated taint dedicated=gpu:NoSchedule
            dedicated=gpu:NoSchedule  | dedicated Exists - -            | fits
            dedicated=gpu:NoSchedule  | - Exists - -                    | fits
            dedicated=gpu:NoSchedule  | dedicated Equal gpu NoExecute   | untolerated taint dedicated=gpu:NoSchedule
            dedicated=gpu:PreferNoSchedule | ''                         | fits
            """)
    void hardTaintsMustBeTolerated(String taint, String toleration, String verdict) {
        PluginCheck check =
                PluginCheck.of(tolerating(toleration).obj(), tainted(taint).obj());

        assertThat(check.verdict(new TaintToleration(), "n")).isEqualTo(verdict);
    }

    @ParameterizedTest(name = "taint [{0}], toleration [{1}]: score {2}")
    @CsvSource(delimiter = '|', textBlock = """
            ''                             | ''                         | 100
            spot=yes:PreferNoSchedule      | ''                         | 50
            spot=yes:PreferNoSchedule      | spot Equal yes -           | 100
            """)
    void softTaintsLowerTheScore(String taint, String toleration, double score) {
        PluginCheck check =
                PluginCheck.of(tolerating(toleration).obj(), tainted(taint).obj());

        assertThat(check.score(new TaintToleration(), "n")).isEqualTo(score);
    }

    @ParameterizedTest(name = "taint [{0}]")
    @CsvSource(delimiter = '|', textBlock = """
            dedicated=gpu:NoSchedule | node has taint dedicated=gpu:NoSchedule and the component does not tolerate it
            """)
    void namesTheTaint(String taint, String reason) {
        PluginCheck check =
                PluginCheck.of(MakeInstance.named("i").obj(), tainted(taint).obj());

        assertThat(check.reason(new TaintToleration(), "n")).isEqualTo(reason);
    }
}

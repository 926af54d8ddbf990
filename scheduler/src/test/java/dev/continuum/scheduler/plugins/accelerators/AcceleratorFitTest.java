package dev.continuum.scheduler.plugins.accelerators;

import static org.assertj.core.api.Assertions.assertThat;

import dev.continuum.model.Instance;
import dev.continuum.scheduler.ClusterState;
import dev.continuum.scheduler.PlacementRequest;
import dev.continuum.scheduler.PluginCheck;
import dev.continuum.testing.MakeInstance;
import dev.continuum.testing.MakeNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AcceleratorFitTest {

    /** {@code type vendor model count memory} with {@code -} for absent fields. */
    private static String[] fields(String spec) {
        String[] f = spec.split(" ");
        for (int i = 0; i < f.length; i++) {
            f[i] = f[i].equals("-") ? null : f[i];
        }
        return f;
    }

    private static PluginCheck check(String offered, int takenByOthers, String wanted) {
        MakeNode node = MakeNode.named("n");
        if (!offered.isEmpty()) {
            String[] o = fields(offered);
            node.accelerator(o[0], o[1], o[2], Integer.parseInt(o[3]), o[4]);
        }
        List<Instance> others = new ArrayList<>();
        for (int i = 0; i < takenByOthers; i++) {
            others.add(MakeInstance.named("other-" + i)
                    .accelerator("gpu", null, null, 1, null)
                    .node("n")
                    .obj());
        }
        String[] w = fields(wanted);
        MakeInstance instance = MakeInstance.named("i")
                .accelerator(w[0], w[1], w[2], w[3] == null ? null : Integer.parseInt(w[3]), w[4]);
        return PluginCheck.of(PlacementRequest.of(instance.obj()), ClusterState.of(List.of(node.obj()), others));
    }

    @ParameterizedTest(name = "node offers [{0}] with {1} taken, component needs [{2}]: {3}")
    @CsvSource(delimiter = '|', textBlock = """
            gpu nvidia H100 1 80Gi | 0 | gpu - - - -              | fits
            gpu nvidia H100 1 80Gi | 0 | GPU NVIDIA h100 - -      | fits
            gpu nvidia H100 1 80Gi | 1 | gpu - - - -              | no free gpu
            gpu nvidia H100 2 80Gi | 1 | gpu - - - -              | fits
            gpu nvidia H100 2 80Gi | 1 | gpu - - 2 -              | no free gpu x2
            gpu nvidia T4 1 16Gi   | 0 | gpu - - - 40Gi           | no free gpu with 40Gi
            gpu nvidia T4 1 -      | 0 | gpu - - - 1Gi            | no free gpu with 1Gi
            gpu nvidia T4 1 16Gi   | 0 | gpu amd - - -            | no free gpu amd
            tpu google v5e 4 -     | 0 | gpu - - - -              | no free gpu
            ''                     | 0 | npu - - - -              | no free npu
            """)
    void needsAFreeMatchingDevice(String offered, int taken, String wanted, String verdict) {
        assertThat(check(offered, taken, wanted).verdict(new AcceleratorFit(), "n"))
                .isEqualTo(verdict);
    }

    @ParameterizedTest(name = "node offers [{0}] with {1} taken, component needs [{2}]")
    @CsvSource(delimiter = '|', textBlock = """
            gpu nvidia T4 1 16Gi | 1 | gpu - - - -  | node offers gpu nvidia T4 (0 free); component needs gpu
            ''                   | 0 | npu - - - -  | node offers no accelerators; component needs npu
            """)
    void listsWhatTheNodeOffers(String offered, int taken, String wanted, String reason) {
        assertThat(check(offered, taken, wanted).reason(new AcceleratorFit(), "n"))
                .isEqualTo(reason);
    }

    @ParameterizedTest(name = "node offers [{0}], component prefers [{1}]: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            gpu nvidia T4 1 16Gi | gpu,npu | 50
            gpu nvidia T4 1 16Gi | gpu     | 100
            gpu nvidia T4 1 16Gi | tpu     | 0
            """)
    void prefersNodesWithThePreferredKinds(String offered, String preferred, double score) {
        String[] o = fields(offered);
        MakeInstance instance = MakeInstance.named("i");
        for (String type : preferred.split(",")) {
            instance.preferredAccelerator(type, null, null);
        }
        PluginCheck check = PluginCheck.of(
                instance.obj(),
                MakeNode.named("n")
                        .accelerator(o[0], o[1], o[2], Integer.parseInt(o[3]), o[4])
                        .obj());

        assertThat(check.score(new AcceleratorFit(), "n")).isEqualTo(score);
    }
}

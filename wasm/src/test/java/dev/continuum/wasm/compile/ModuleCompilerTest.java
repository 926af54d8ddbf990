package dev.continuum.wasm.compile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.continuum.wasm.memory.FlatAccess;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The compile profile that keeps classes rewritten by another build out of the disk cache. */
class ModuleCompilerTest {

    @Test
    void theProfileDigestsThePostPassesBytecodeWithItsNestedClasses() {
        String rewriter = ModuleCompiler.digest(List.of(FlatAccessRewriter.class));
        String withLoops = ModuleCompiler.digest(List.of(FlatAccessRewriter.class, LoopVersioning.class));

        assertThat(ModuleCompiler.PROFILE).matches("flat-access-[0-9a-f]{12}");
        assertThat(ModuleCompiler.digest(List.of(FlatAccessRewriter.class))).isEqualTo(rewriter);
        assertThat(withLoops).isNotEqualTo(rewriter);
        // LoopVersioning's records are its nest members: digested with it, in a fixed order.
        assertThat(ModuleCompiler.digest(List.of(LoopVersioning.class, FlatAccessRewriter.class)))
                .isEqualTo(withLoops);
        assertThat(ModuleCompiler.digest(List.of(FlatAccess.class))).isNotEqualTo(rewriter);
    }
}

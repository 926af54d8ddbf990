package dev.continuum.wasm;

import static dev.continuum.wasm.Fixtures.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.continuum.wasm.ModuleRejectedException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Bad modules are refused at intake with the reason, before anything is compiled. */
class ModuleIntakeTest {
    private final WasmEngine engine = new WasmEngine(WasmEngineOptions.defaults());

    @AfterEach
    void close() {
        engine.close();
    }

    private ModuleRejectedException rejection(WasmEngine engine, byte[] bytes) {
        var thrown = org.assertj.core.api.Assertions.catchThrowableOfType(
                ModuleRejectedException.class, () -> engine.load(bytes));
        assertThat(thrown).as("the module is rejected").isNotNull();
        return thrown;
    }

    @Test
    void refusesBytesThatAreNotWebAssembly() {
        var rejected = rejection(engine, "#!/bin/sh\necho hi\n".getBytes(StandardCharsets.UTF_8));

        assertThat(rejected.reason()).isEqualTo(Reason.NOT_WEBASSEMBLY);
        assertThat(rejected).hasMessageContaining("not a WebAssembly module: it starts with 0x2321");
        assertThat(rejection(engine, new byte[0])).hasMessageContaining("starts with nothing");
    }

    @Test
    void refusesAComponentOrOtherBinaryVersion() {
        byte[] component = {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00};

        assertThat(rejection(engine, component)).hasMessageContaining("only version 1");
    }

    @Test
    void refusesATruncatedModule() {
        byte[] probe = bytes("probe.wasm");

        var rejected = rejection(engine, Arrays.copyOf(probe, probe.length / 2));

        assertThat(rejected.reason()).isEqualTo(Reason.MALFORMED);
        assertThat(rejected).hasMessageStartingWith("malformed module:");
    }

    @Test
    void refusesAModuleThatFailsValidation() {
        // (module (func (result i32) (i64.const 1))): returns an i64 where it declares an i32.
        byte[] invalid = {
            0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f, 0x03, 0x02, 0x01,
            0x00, 0x0a, 0x06, 0x01, 0x04, 0x00, 0x42, 0x01, 0x0b
        };

        var rejected = rejection(engine, invalid);

        assertThat(rejected.reason()).isEqualTo(Reason.INVALID);
        assertThat(rejected).hasMessageContaining("type mismatch");
    }

    @Test
    void refusesAnImportNobodyProvidesNamingIt() {
        var rejected = rejection(engine, bytes("unlinkable.wasm"));

        assertThat(rejected.reason()).isEqualTo(Reason.UNLINKABLE);
        assertThat(rejected).hasMessageContaining("env.launch_missiles");
    }

    @Test
    void refusesModulesOverEachIntakeLimitBeforeCompiling() {
        var tight = WasmEngineOptions.defaults().withIntake(new ModuleLimits(20_000, 100_000, 1 << 20, 50_000, 16));
        try (var small = new WasmEngine(tight)) {
            assertThat(rejection(small, bytes("probe.wasm"))).hasMessageContaining("the limit is 20000 bytes");
        }
        var fewFunctions = WasmEngineOptions.defaults().withIntake(new ModuleLimits(1 << 20, 10, 1 << 20, 50_000, 16));
        try (var small = new WasmEngine(fewFunctions)) {
            assertThat(rejection(small, bytes("probe.wasm")).reason()).isEqualTo(Reason.LIMIT_EXCEEDED);
        }
        var smallBodies = WasmEngineOptions.defaults().withIntake(new ModuleLimits(1 << 20, 100_000, 100, 50_000, 16));
        try (var small = new WasmEngine(smallBodies)) {
            assertThat(rejection(small, bytes("probe.wasm"))).hasMessageContaining("the limit is 100");
        }
        var fewLocals = WasmEngineOptions.defaults().withIntake(new ModuleLimits(1 << 20, 100_000, 1 << 20, 1, 16));
        try (var small = new WasmEngine(fewLocals)) {
            assertThat(rejection(small, bytes("probe.wasm"))).hasMessageContaining("locals");
        }
        var fewPages = WasmEngineOptions.defaults().withIntake(new ModuleLimits(1 << 20, 100_000, 1 << 20, 50_000, 1));
        try (var small = new WasmEngine(fewPages)) {
            assertThat(rejection(small, bytes("probe.wasm")))
                    .hasMessageContaining("starts at 2 pages")
                    .hasMessageContaining("limit is 1 pages");
        }
    }

    @Test
    void refusesALocalsBombWithoutDecodingIt() {
        // One function declaring 2^32-1 i32 locals in a 10-byte body.
        byte[] bomb = {
            0x00,
            0x61,
            0x73,
            0x6d,
            0x01,
            0x00,
            0x00,
            0x00,
            0x01,
            0x04,
            0x01,
            0x60,
            0x00,
            0x00,
            0x03,
            0x02,
            0x01,
            0x00,
            0x0a,
            0x0c,
            0x01,
            0x0a,
            0x01,
            (byte) 0xff,
            (byte) 0xff,
            (byte) 0xff,
            (byte) 0xff,
            0x0f,
            0x7f,
            0x0b,
            0x00,
            0x00
        };

        var rejected = rejection(engine, bomb);

        assertThat(rejected.reason()).isEqualTo(Reason.LIMIT_EXCEEDED);
        assertThat(rejected).hasMessageContaining("locals");
    }

    @Test
    void staysHealthyAfterRejections() {
        rejection(engine, new byte[] {1, 2, 3});
        rejection(engine, bytes("unlinkable.wasm"));

        assertThat(Fixtures.probe(engine, "hello").status().success()).isTrue();
        assertThatThrownBy(() -> engine.load(bytes("unlinkable.wasm")))
                .as("a rejection is not cached as a success")
                .isInstanceOf(ModuleRejectedException.class);
    }
}

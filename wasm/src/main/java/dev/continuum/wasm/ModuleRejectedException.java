package dev.continuum.wasm;

/**
 * A module was refused at intake or at link time: the bytes are not WebAssembly, the module is
 * invalid, it exceeds an intake limit, it cannot be compiled, or it imports something Continuum
 * does not provide (or the application did not grant).
 *
 * <p>The message always says what was wrong and what to do, e.g. {@code "module imports
 * continuum.kv_get, but the application does not grant the keyvalue capability; add it to
 * spec.components[].capabilities"}. The engine stays healthy after a rejection.
 */
public final class ModuleRejectedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Reason reason;

    /** Why a module was refused; lets callers map rejections to status codes without parsing text. */
    public enum Reason {
        /** The bytes do not start with the WebAssembly magic number and version 1. */
        NOT_WEBASSEMBLY,
        /** The binary is truncated or otherwise does not decode. */
        MALFORMED,
        /** The module decodes but fails validation (type errors, bad indices). */
        INVALID,
        /** The module is larger than an intake limit allows (size, functions, locals, pages). */
        LIMIT_EXCEEDED,
        /** The module imports a function, memory, table or global that is not provided or granted. */
        UNLINKABLE,
        /** Endive could not compile the module to JVM bytecode. */
        UNCOMPILABLE
    }

    public ModuleRejectedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public ModuleRejectedException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** The category of the rejection. */
    public Reason reason() {
        return reason;
    }
}

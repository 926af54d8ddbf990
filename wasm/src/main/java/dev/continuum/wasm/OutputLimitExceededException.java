package dev.continuum.wasm;

/**
 * Raised inside a run when the guest writes past the output cap; the engine turns it into
 * {@link ExitStatus.Outcome#OUTPUT_LIMIT}. It never leaves {@link WasmEngine#run}.
 */
final class OutputLimitExceededException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    OutputLimitExceededException(String stream, long cap) {
        super("the guest wrote more than " + cap + " bytes to " + stream + ", the output cap");
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}

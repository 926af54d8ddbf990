package dev.continuum.agent.runtime;

/** What a {@link PrestartHook} decided: go on, or stop with a reason the Instance's status will carry. */
public sealed interface HookResult {

    HookResult PROCEED = new Proceed();

    static HookResult proceed() {
        return PROCEED;
    }

    /** The run cannot start; {@code retryable} says whether trying again later may help. */
    static HookResult fail(String reason, String message, boolean retryable) {
        return new Fail(reason, message, retryable);
    }

    /** Every hook so far is content. */
    record Proceed() implements HookResult {}

    /**
     * The run cannot start.
     *
     * @param reason the machine-readable reason for the status ({@code DigestMismatch}, ...)
     * @param message what was wrong and what to do
     * @param retryable true when the supervisor should try again after a backoff
     */
    record Fail(String reason, String message, boolean retryable) implements HookResult {}
}

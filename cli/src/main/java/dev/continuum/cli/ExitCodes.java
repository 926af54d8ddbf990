package dev.continuum.cli;

/**
 * What {@code continuum} exits with, so that scripts can tell failures apart.
 *
 * <pre>
 *   0  success
 *   1  the operation failed (the server refused it, a function answered an error, ...)
 *   2  bad usage or bad input (unknown flag, invalid manifest); nothing was changed
 *   3  the server could not be reached
 *   4  the object asked for does not exist
 * </pre>
 *
 * {@code continuum run} exits with the program's own exit code, or 134 when it trapped.
 */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int UNREACHABLE = 3;
    public static final int NOT_FOUND = 4;
    public static final int TRAPPED = 134;

    private ExitCodes() {}
}

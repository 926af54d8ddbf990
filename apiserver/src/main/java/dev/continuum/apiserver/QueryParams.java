package dev.continuum.apiserver;

import io.javalin.http.Context;
import java.util.Locale;

/** Reads the typed query parameters of the API, refusing malformed ones with 400 naming the parameter. */
final class QueryParams {

    private QueryParams() {}

    /** {@code true}/{@code 1} or {@code false}/{@code 0}; absent is false. */
    static boolean flag(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty()) {
            return false;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw ApiFailure.badRequest(name, name + "=" + v + " is not true or false");
        };
    }

    /** {@code resourceVersion} as a revision; absent is 0. */
    static long revision(Context ctx) {
        return nonNegative(ctx, "resourceVersion", 0);
    }

    /** A non-negative integer parameter, or {@code absent} when it is missing. */
    static long nonNegative(Context ctx, String name, long absent) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty()) {
            return absent;
        }
        try {
            long n = Long.parseLong(v);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiFailure.badRequest(name, name + "=" + v + " is not a non-negative integer");
    }
}

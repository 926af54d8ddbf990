package dev.continuum.scheduler.framework;

import dev.continuum.model.Quantity;

/** How amounts read in summaries and reasons: {@code 10 ms}, {@code 2.5 ms}, {@code 500m}, {@code 4Gi}. */
public final class Amounts {

    private Amounts() {}

    /** A number with at most one decimal, without a trailing {@code .0}. */
    public static String number(double value) {
        if (Double.isNaN(value)) {
            return "unknown";
        }
        if (Double.isInfinite(value)) {
            return "unlimited";
        }
        long tenths = Math.round(value * 10);
        long whole = tenths / 10;
        long tenth = Math.abs(tenths % 10);
        String sign = tenths < 0 && whole == 0 ? "-" : "";
        return tenth == 0 ? sign + whole : sign + whole + "." + tenth;
    }

    public static String ms(double value) {
        return number(value) + " ms";
    }

    public static String mbps(double value) {
        return number(value) + " Mbps";
    }

    public static String percent(double value) {
        return number(value) + "%";
    }

    public static String cpu(long milli) {
        return Quantity.ofMilli(milli).toString();
    }

    public static String bytes(long bytes) {
        return Quantity.ofBytes(bytes).toString();
    }
}

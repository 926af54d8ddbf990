package dev.continuum.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An amount in Kubernetes quantity notation: {@code 500m} (0.5), {@code 2}, {@code 64Mi}
 * (64 × 2^20), {@code 1G} (10^9), {@code 1.5e3}. CPU is counted in cores, memory in bytes. The text
 * a user wrote is kept for display; equality and arithmetic use the exact value.
 */
public final class Quantity implements Comparable<Quantity> {

    private static final Pattern FORMAT = Pattern.compile(
            "([+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+))(?:(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E)|[eE]([+-]?\\d+))?");

    public static final Quantity ZERO = new Quantity("0", BigDecimal.ZERO);

    private final String text;
    private final BigDecimal value;

    private Quantity(String text, BigDecimal value) {
        this.text = text;
        this.value = value;
    }

    /**
     * Parses a quantity.
     *
     * @throws IllegalArgumentException with a message such as {@code "64Q" is not a quantity}
     */
    public static Quantity parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("null is not a quantity");
        }
        String t = text.strip();
        Matcher m = FORMAT.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "\"" + text + "\" is not a quantity (expected e.g. 500m, 2, 64Mi, 1G, 1.5e3)");
        }
        BigDecimal number = new BigDecimal(m.group(1));
        if (number.signum() < 0) {
            throw new IllegalArgumentException("\"" + text + "\" is negative; a quantity must be 0 or more");
        }
        BigDecimal value;
        if (m.group(3) != null) {
            int exp = Integer.parseInt(m.group(3));
            if (Math.abs(exp) > 30) {
                throw new IllegalArgumentException("\"" + text + "\" is out of range");
            }
            value = number.scaleByPowerOfTen(exp);
        } else {
            value = number.multiply(multiplier(m.group(2)));
        }
        return new Quantity(t, value.stripTrailingZeros());
    }

    public static Quantity of(long units) {
        return new Quantity(Long.toString(units), BigDecimal.valueOf(units));
    }

    /** A CPU amount in millicores, written as {@code 250m}. */
    public static Quantity ofMilli(long milli) {
        return milli % 1000 == 0
                ? new Quantity(Long.toString(milli / 1000), BigDecimal.valueOf(milli / 1000))
                : new Quantity(milli + "m", BigDecimal.valueOf(milli, 3).stripTrailingZeros());
    }

    /** A byte amount, written with the largest binary suffix that divides it. */
    public static Quantity ofBytes(long bytes) {
        String[] suffixes = {"Ei", "Pi", "Ti", "Gi", "Mi", "Ki"};
        int[] shifts = {60, 50, 40, 30, 20, 10};
        for (int i = 0; i < suffixes.length; i++) {
            long unit = 1L << shifts[i];
            if (bytes != 0 && bytes % unit == 0) {
                return new Quantity(bytes / unit + suffixes[i], BigDecimal.valueOf(bytes));
            }
        }
        return new Quantity(Long.toString(bytes), BigDecimal.valueOf(bytes));
    }

    private static BigDecimal multiplier(String suffix) {
        if (suffix == null) {
            return BigDecimal.ONE;
        }
        return switch (suffix) {
            case "m" -> new BigDecimal("0.001");
            case "k" -> BigDecimal.TEN.pow(3);
            case "M" -> BigDecimal.TEN.pow(6);
            case "G" -> BigDecimal.TEN.pow(9);
            case "T" -> BigDecimal.TEN.pow(12);
            case "P" -> BigDecimal.TEN.pow(15);
            case "E" -> BigDecimal.TEN.pow(18);
            case "Ki" -> BigDecimal.valueOf(1L << 10);
            case "Mi" -> BigDecimal.valueOf(1L << 20);
            case "Gi" -> BigDecimal.valueOf(1L << 30);
            case "Ti" -> BigDecimal.valueOf(1L << 40);
            case "Pi" -> BigDecimal.valueOf(1L << 50);
            case "Ei" -> BigDecimal.valueOf(1L << 60);
            default -> throw new IllegalStateException("suffix " + suffix);
        };
    }

    /** The exact value in base units (cores, bytes). */
    public BigDecimal value() {
        return value;
    }

    /** The value in thousandths, rounded up: millicores for CPU. */
    public long milliValue() {
        return value.movePointRight(3).setScale(0, RoundingMode.CEILING).longValueExact();
    }

    /** The value in whole units, rounded up: bytes for memory. */
    public long longValue() {
        return value.setScale(0, RoundingMode.CEILING).longValueExact();
    }

    @JsonValue
    @Override
    public String toString() {
        return text;
    }

    @Override
    public int compareTo(Quantity o) {
        return value.compareTo(o.value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Quantity q && value.compareTo(q.value) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(value.stripTrailingZeros());
    }
}

package dev.continuum.controller.runtime;

import java.security.SecureRandom;
import java.util.function.Supplier;

/**
 * The random parts of generated names: five lowercase letters or digits, as in {@code hello-web-x7k2q}.
 * They come from an injected supplier so that tests get predictable names.
 */
public final class Suffixes {

    /** How many characters of randomness a generated name carries. */
    public static final int LENGTH = 5;

    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    private Suffixes() {}

    /**
     * The first {@value #LENGTH} lowercase letters and digits of the supplier's next value (upper case
     * is folded, anything else skipped), so a UUID supplier works as well as a dedicated one.
     *
     * @throws IllegalStateException when the value has fewer than {@value #LENGTH} of them: a broken
     *     supplier is a fault
     */
    public static String next(Supplier<String> ids) {
        String raw = ids.get();
        StringBuilder out = new StringBuilder(LENGTH);
        for (int i = 0; raw != null && i < raw.length() && out.length() < LENGTH; i++) {
            char c = Character.toLowerCase(raw.charAt(i));
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                out.append(c);
            }
        }
        if (out.length() < LENGTH) {
            throw new IllegalStateException(
                    "the id supplier gave \"" + raw + "\"; names need " + LENGTH + " lowercase letters or digits");
        }
        return out.toString();
    }

    /** A supplier of {@value #LENGTH} random lowercase letters and digits from a {@link SecureRandom}. */
    public static Supplier<String> random() {
        SecureRandom random = new SecureRandom();
        return () -> {
            char[] chars = new char[LENGTH];
            for (int i = 0; i < LENGTH; i++) {
                chars[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
            }
            return new String(chars);
        };
    }
}

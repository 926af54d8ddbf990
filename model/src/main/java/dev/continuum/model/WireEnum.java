package dev.continuum.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/** An enum written in manifests by a fixed spelling ({@code cloud-edge}, {@code NoSchedule}). */
public interface WireEnum {

    @JsonValue
    String wireName();

    /**
     * Reads a constant by its spelling.
     *
     * @throws IllegalArgumentException naming the text and listing the allowed spellings
     */
    static <E extends Enum<E> & WireEnum> E parse(Class<E> type, String what, String text) {
        for (E e : type.getEnumConstants()) {
            if (e.wireName().equals(text)) {
                return e;
            }
        }
        for (E e : type.getEnumConstants()) {
            if (e.wireName().equalsIgnoreCase(text)) {
                return e;
            }
        }
        throw new IllegalArgumentException("\"" + text + "\" is not a " + what + "; expected one of: "
                + Arrays.stream(type.getEnumConstants()).map(WireEnum::wireName).collect(Collectors.joining(", ")));
    }
}

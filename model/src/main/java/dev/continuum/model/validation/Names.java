package dev.continuum.model.validation;

import java.util.regex.Pattern;

/** The name rules of the API, as in Kubernetes: DNS labels and subdomains, label keys and values. */
public final class Names {
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern LABEL_NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");

    private Names() {}

    /** Null when valid, else why not: a DNS label (lowercase letters, digits, '-', at most 63). */
    public static String checkLabel(String name) {
        if (name == null || name.isEmpty()) {
            return "required";
        }
        if (name.length() > 63 || !LABEL.matcher(name).matches()) {
            return "\"" + name + "\" is not a valid name: use at most 63 lowercase letters, digits and '-',"
                    + " starting and ending with a letter or digit";
        }
        return null;
    }

    /** Null when valid, else why not: a DNS subdomain (labels joined by '.', at most 253). */
    public static String checkSubdomain(String name) {
        if (name == null || name.isEmpty()) {
            return "required";
        }
        if (name.length() > 253 || !SUBDOMAIN.matcher(name).matches()) {
            return "\"" + name + "\" is not a valid name: use lowercase letters, digits, '-' and '.',"
                    + " starting and ending with a letter or digit (at most 253)";
        }
        return null;
    }

    /** Null when valid, else why not: a label key, {@code [prefix/]name}. */
    public static String checkLabelKey(String key) {
        if (key == null || key.isEmpty()) {
            return "label key is empty";
        }
        int slash = key.indexOf('/');
        String name = slash < 0 ? key : key.substring(slash + 1);
        if (slash >= 0 && checkSubdomain(key.substring(0, slash)) != null) {
            return "label key \"" + key + "\" has an invalid prefix";
        }
        if (name.length() > 63 || !LABEL_NAME.matcher(name).matches()) {
            return "label key \"" + key + "\" is invalid: at most 63 letters, digits, '-', '_' and '.'";
        }
        return null;
    }

    /** Null when valid, else why not: a label value (may be empty). */
    public static String checkLabelValue(String value) {
        if (value == null) {
            return "label value is missing (use \"\" for an empty value)";
        }
        if (!value.isEmpty()
                && (value.length() > 63 || !LABEL_NAME.matcher(value).matches())) {
            return "label value \"" + value + "\" is invalid: at most 63 letters, digits, '-', '_' and '.'";
        }
        return null;
    }
}

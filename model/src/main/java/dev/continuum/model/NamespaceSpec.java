package dev.continuum.model;

import java.util.List;

/**
 * What a namespace requires of its modules ({@code moduleSigning}) and what it shares with other
 * namespaces ({@code exports}; nothing unless listed).
 */
public record NamespaceSpec(ModuleSigning moduleSigning, List<NamespaceExport> exports) {

    public static final NamespaceSpec EMPTY = new NamespaceSpec(null, null);

    public NamespaceSpec {
        exports = Collections2.list(exports);
    }

    public ModuleSigning moduleSigningOrNone() {
        return moduleSigning == null ? ModuleSigning.NONE : moduleSigning;
    }
}

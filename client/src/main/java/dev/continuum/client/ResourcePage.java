package dev.continuum.client;

import java.util.List;

/**
 * The objects a list returned and the store revision they are consistent at: watching from {@code
 * revision} continues exactly where the list ends.
 */
public record ResourcePage<T>(List<T> items, long revision) {
    public ResourcePage {
        items = List.copyOf(items);
    }
}

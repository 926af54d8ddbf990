package dev.continuum.agent.gateway;

import java.util.List;

/**
 * Where the gateway asks, when it has no local copy of a function, whether the function exists and
 * which other nodes run it. Implementations ask the control plane; they return values, never throw.
 * Thread-safe.
 */
public interface FunctionDirectory {

    /** What is known about {@code /fn/{namespace}/{application}/{component}}. */
    Lookup lookup(String namespace, String application, String component);

    /** The answer of a {@link #lookup}. */
    sealed interface Lookup {}

    /** No such application in the namespace. */
    record NoApplication() implements Lookup {}

    /** The application exists but has no component of that name. */
    record NoComponent() implements Lookup {}

    /** The component exists but is not a function ({@code type} says what it is). */
    record NotAFunction(String type) implements Lookup {}

    /**
     * The function exists; {@code copies} are the gateway addresses of the nodes running a copy
     * (possibly none), other than this node.
     */
    record Copies(List<Copy> copies) implements Lookup {
        public Copies {
            copies = List.copyOf(copies);
        }
    }

    /** One Running copy elsewhere: the node and the gateway address its Instance reported. */
    record Copy(String node, String address) {}

    /** The control plane could not be asked; {@code message} says why. */
    record Unreachable(String message) implements Lookup {}
}

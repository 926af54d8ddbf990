package dev.continuum.agent.local;

import java.nio.file.Path;
import java.time.Instant;

/**
 * What opening the local store found wrong and did about it.
 *
 * @param problem why the store found was unusable (not a database, failed its integrity check, a
 *     schema this agent does not know)
 * @param movedTo where the unusable file was moved for inspection, or null when it could only be deleted
 * @param at when
 */
public record Recovery(String problem, Path movedTo, Instant at) {

    /** One sentence for the log and the Node's event. */
    public String describe() {
        return "the local store was unusable (" + problem + ")"
                + (movedTo == null ? " and was deleted" : "; it was moved to " + movedTo)
                + "; the node started with an empty one and takes its Instances from the control plane again";
    }
}

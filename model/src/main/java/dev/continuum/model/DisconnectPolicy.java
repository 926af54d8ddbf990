package dev.continuum.model;

import java.time.Duration;

/**
 * What happens to a component's copy when its node is cut off.
 *
 * @param lostAfter how long after the node turns unreachable its copy counts as lost
 * @param replace whether a lost copy is started elsewhere
 * @param reconcile which copy survives when the node returns after a replacement
 * @param stopOnNodeAfter the agent stops its own copy after being cut off this long
 * @param atMostOne never two copies running at once (fenced by the Instance epoch)
 */
public record DisconnectPolicy(
        Duration lostAfter,
        Boolean replace,
        ReconcileStrategy reconcile,
        Duration stopOnNodeAfter,
        Boolean atMostOne) {}

package dev.continuum.scheduler;

/**
 * The answer to "is there now a much better place for this running instance?": where, how much
 * better, and why. A suggestion; moving the instance is the caller's decision.
 *
 * @param currentScore the current node's score now, 0–100; 0 when it no longer fits
 * @param reason e.g. {@code gw-3 no longer fits: battery < 30%} or {@code cloud-2 scores 81 against 52 on gw-3}
 */
public record BetterPlacement(String currentNode, double currentScore, String node, double score, String reason) {}

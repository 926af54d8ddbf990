package dev.continuum.scheduler;

import dev.continuum.scheduler.framework.Amounts;

/** One scorer's part in a node's total: its 0–100 score and the weight the profile gives it. */
public record ScoreTerm(String plugin, double score, double weight) {

    @Override
    public String toString() {
        return plugin + " " + Math.round(score) + "×" + Amounts.number(weight);
    }
}

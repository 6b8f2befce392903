package dev.rivet.planner.dialect;

import dev.rivet.kernel.plan.SplitKey;

/** A single-column unique, non-null key found in the catalog, and where it came from. */
public record KeyCandidate(SplitKey key, String source) {}

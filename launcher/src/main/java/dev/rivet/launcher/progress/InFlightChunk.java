package dev.rivet.launcher.progress;

import java.time.Duration;

/**
 * A chunk being read when the state store was polled. Its rows are not known until it is written:
 * the state store records them then.
 *
 * @param attempt the attempt under way, 1 for the first
 * @param running how long this attempt has run
 */
record InFlightChunk(int chunk, int attempt, Duration running) {}

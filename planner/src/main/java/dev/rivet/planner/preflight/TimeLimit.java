package dev.rivet.planner.preflight;

import java.util.Objects;

/**
 * The source's limit on how long a statement may run, as the chunk reads' sessions will have it.
 *
 * @param setting the server variable, e.g. {@code statement_timeout}, {@code max_execution_time}
 *     (MySQL) or {@code max_statement_time} (MariaDB)
 * @param millis the limit in milliseconds; 0 for none, -1 when it could not be read
 * @param perFetch whether the limit applies to each fetch of {@code fetch_size} rows (PostgreSQL
 *     ends a statement's timer at each fetch) rather than to the whole chunk (MySQL and MariaDB
 *     keep a streaming statement running until its last row is sent)
 */
public record TimeLimit(String setting, long millis, boolean perFetch) {
  public TimeLimit {
    Objects.requireNonNull(setting, "setting");
    if (millis < -1) {
      throw new IllegalArgumentException("millis must be >= -1, got " + millis);
    }
  }

  public boolean limited() {
    return millis > 0;
  }
}

package dev.rivet.state;

import java.time.Instant;
import java.util.Objects;

/**
 * A time-limited claim of one export by one process: while it is unexpired, the store grants the
 * export to no other holder. The holder renews it to keep it; a crashed holder's lease simply
 * expires. Expiry is judged by the store's clock (the database server's, for PostgreSQL).
 *
 * @param holder who holds it, e.g. {@code host:pid}
 * @param acquiredAt when the holder was granted it (renewals keep this)
 * @param expiresAt when it lapses unless renewed
 * @param token the fencing token: grows by one each time the export's lease passes to a new holder,
 *     never repeats for the export; 0 for a lease taken before tokens existed
 * @param holderProcess how the holder's own host can tell whether the holder still runs (see {@code
 *     HolderProcess} in the launcher); null when the holder did not say
 */
public record Lease(
    String export,
    String holder,
    Instant acquiredAt,
    Instant expiresAt,
    long token,
    String holderProcess) {
  public Lease {
    Objects.requireNonNull(export, "export");
    Objects.requireNonNull(holder, "holder");
    Objects.requireNonNull(acquiredAt, "acquiredAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  public boolean isHeldBy(String someone) {
    return holder.equals(someone);
  }

  /** Whether the lease has lapsed at {@code now}: from its expiry on, anyone may take it. */
  public boolean isExpiredAt(Instant now) {
    return !now.isBefore(expiresAt);
  }

  /** The fence a holder of this lease checks before it writes. */
  public LeaseFence fence() {
    return new LeaseFence(export, holder, token);
  }
}

package dev.rivet.kernel.failure;

/**
 * A failure a user can act on: a one-line cause, a hint saying what to do, and a {@link
 * FailureKind} that decides the exit code.
 */
public class RivetException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final FailureKind kind;
  private final String hint;

  public RivetException(FailureKind kind, String message, String hint) {
    this(kind, message, hint, null);
  }

  public RivetException(FailureKind kind, String message, String hint, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.hint = hint == null ? "" : hint;
  }

  public FailureKind kind() {
    return kind;
  }

  /** What the user should do about it; empty when there is nothing useful to say. */
  public String hint() {
    return hint;
  }
}

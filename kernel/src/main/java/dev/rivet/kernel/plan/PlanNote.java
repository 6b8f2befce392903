package dev.rivet.kernel.plan;

import java.io.Serializable;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;

/**
 * One thing a plan says about itself: why it reads the export as it does, or a risk it found. A
 * code and its parameters; text exists only through {@link #render()}, for display.
 *
 * @param params exactly the parameters {@link NoteCode#parameters()} names
 */
public record PlanNote(NoteCode code, Map<String, String> params) implements Serializable {
  public PlanNote {
    Objects.requireNonNull(code, "code");
    params = Map.copyOf(params);
    if (!params.keySet().equals(new HashSet<>(code.parameters()))) {
      throw new IllegalArgumentException(
          "note " + code + " takes parameters " + code.parameters() + ", got " + params.keySet());
    }
  }

  /** A note that describes the plan; shown to the user, never judged. */
  public static PlanNote detail(String text) {
    return new PlanNote(NoteCode.DETAIL, Map.of("text", text));
  }

  public boolean isWarning() {
    return code.isWarning();
  }

  /** What the note says, without its fix. */
  public String message() {
    return code.message(params);
  }

  /** What to do about it; empty when there is nothing to do. */
  public String fix() {
    return code.fix(params);
  }

  /** The note as one line: {@code "warning: <message>; <fix>"} for warnings. */
  public String render() {
    String fix = fix();
    return (isWarning() ? "warning: " : "") + message() + (fix.isEmpty() ? "" : "; " + fix);
  }
}

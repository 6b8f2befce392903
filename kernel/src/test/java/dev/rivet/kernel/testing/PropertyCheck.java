package dev.rivet.kernel.testing;

import java.util.SplittableRandom;

/**
 * Runs a property over generated inputs, for unit tests: every try draws from one random source
 * seeded once per run, so a failure names the seed that replays it ({@code -Drivet.seed=N}) along
 * with the try and the input. Without {@code rivet.seed} each run draws a new seed and explores new
 * inputs. Inputs are not shrunk: generators favour small values and edges instead.
 */
public final class PropertyCheck {
  /** The system property that fixes the seed, to replay a failure. */
  public static final String SEED_PROPERTY = "rivet.seed";

  private PropertyCheck() {}

  /** A check that may throw, e.g. an AssertJ assertion. */
  @FunctionalInterface
  public interface Check<T> {
    void verify(T input) throws Exception;
  }

  /**
   * Checks {@code property} on {@code tries} inputs of {@code gen}.
   *
   * @throws AssertionError on the first input that fails, naming the try, the seed and the input
   */
  public static <T> void forAll(int tries, Gen<T> gen, Check<? super T> property) {
    String fixed = System.getProperty(SEED_PROPERTY);
    long seed = fixed != null ? Long.parseLong(fixed) : new SplittableRandom().nextLong();
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 1; i <= tries; i++) {
      T input = gen.next(random);
      try {
        property.verify(input);
      } catch (Exception | Error e) {
        throw new AssertionError(
            "property failed on try "
                + i
                + " of "
                + tries
                + " (replay with -D"
                + SEED_PROPERTY
                + "="
                + seed
                + ") for input "
                + printable(String.valueOf(input))
                + ": "
                + printable(String.valueOf(e)),
            e);
      }
    }
  }

  /** {@code text} with control characters and lone surrogates as {@code \\uXXXX}, for reports. */
  static String printable(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean paired =
          Character.isHighSurrogate(c)
                  && i + 1 < text.length()
                  && Character.isLowSurrogate(text.charAt(i + 1))
              || Character.isLowSurrogate(c)
                  && i > 0
                  && Character.isHighSurrogate(text.charAt(i - 1));
      if (Character.isISOControl(c) || Character.isSurrogate(c) && !paired) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}

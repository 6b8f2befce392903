package dev.rivet.planner.preflight;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One thing preflight found about an export: a code, a severity and the figures, names and
 * statements behind it. It carries no text: the launcher renders its message and fix only where a
 * finding is shown, so wording never decides a verdict.
 *
 * @param params values of parameters the code takes ({@link FindingCode#parameters()}), each of its
 *     parameter's type; iterated in the code's order
 */
public record Finding(FindingCode code, Severity severity, Map<FindingParam<?>, Object> params) {
  public Finding {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(severity, "severity");
    Map<FindingParam<?>, Object> ordered = new LinkedHashMap<>();
    for (FindingParam<?> param : code.parameters()) {
      Object value = params.get(param);
      if (value == null) {
        continue;
      }
      if (!param.accepts(value)) {
        throw new IllegalArgumentException(
            "finding " + code.wireValue() + ": parameter " + param + " got a " + value.getClass());
      }
      ordered.put(param, immutable(value));
    }
    if (ordered.size() != params.size()) {
      throw new IllegalArgumentException(
          "finding "
              + code.wireValue()
              + " takes parameters "
              + code.parameters()
              + ", got "
              + params.keySet());
    }
    params = Collections.unmodifiableMap(ordered);
  }

  /** A finding without parameters yet; add them with {@link #with}. */
  public static Finding of(FindingCode code, Severity severity) {
    return new Finding(code, severity, Map.of());
  }

  /** This finding with {@code param} set to {@code value}. */
  public <T> Finding with(FindingParam<T> param, T value) {
    Map<FindingParam<?>, Object> more = new LinkedHashMap<>(params);
    more.put(param, Objects.requireNonNull(value, () -> param + " of " + code.wireValue()));
    return new Finding(code, severity, more);
  }

  /**
   * The value of a parameter this finding carries.
   *
   * @throws IllegalStateException when it does not carry it
   */
  public <T> T get(FindingParam<T> param) {
    return find(param)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "finding " + code.wireValue() + " carries no parameter " + param));
  }

  /** The value of a parameter, or empty when this finding does not carry it. */
  @SuppressWarnings("unchecked") // the compact constructor checked the value's type
  public <T> Optional<T> find(FindingParam<T> param) {
    return Optional.ofNullable((T) params.get(param));
  }

  public boolean has(FindingParam<?> param) {
    return params.containsKey(param);
  }

  private static Object immutable(Object value) {
    if (value instanceof List<?> list) {
      return List.copyOf(list);
    }
    if (value instanceof Map<?, ?> map) {
      return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
    return value;
  }
}

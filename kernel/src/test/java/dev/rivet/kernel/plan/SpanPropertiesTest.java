package dev.rivet.kernel.plan;

import static dev.rivet.kernel.testing.PropertyCheck.forAll;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.testing.Gen;
import org.junit.jupiter.api.Test;

/** Spans as plans and messages print them parse back as the same span. */
class SpanPropertiesTest {
  @Test
  void shouldParseEveryPrintedSpanBackAsTheSameSpan() {
    Gen<Long> amounts = Gen.longs(0, Long.MAX_VALUE);
    Gen<SpanUnit> units = Gen.of(SpanUnit.values());
    forAll(
        1000,
        random -> new Span(amounts.next(random), units.next(random)),
        span -> assertThat(Span.parse(span.toString())).isEqualTo(span));
  }
}

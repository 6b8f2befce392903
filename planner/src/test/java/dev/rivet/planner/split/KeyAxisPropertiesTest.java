package dev.rivet.planner.split;

import static dev.rivet.kernel.testing.PropertyCheck.forAll;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.plan.KeyType;
import dev.rivet.kernel.testing.Gen;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** Boundary text round-trips: what the planner stores reads back as the same axis position. */
class KeyAxisPropertiesTest {
  record Case(KeyType type, long axis) {}

  static Gen<Case> cases() {
    Gen<Long> anyLong = Gen.longs();
    // Epoch days of LocalDate.MIN and MAX stand for infinity and have no axis position.
    Gen<Long> days = Gen.longs(LocalDate.MIN.toEpochDay() + 1, LocalDate.MAX.toEpochDay() - 1);
    Gen<KeyType> types =
        Gen.of(KeyType.INTEGER, KeyType.DATE, KeyType.TIMESTAMP, KeyType.TIMESTAMPTZ);
    return random -> {
      KeyType type = types.next(random);
      return new Case(type, (type == KeyType.DATE ? days : anyLong).next(random));
    };
  }

  @Test
  void shouldReadBackEveryFormattedBoundaryAsTheSameAxisPosition() {
    forAll(
        1000,
        cases(),
        c -> {
          String text = KeyAxis.format(c.type(), c.axis());
          Object value = KeyAxis.parse(c.type(), text);

          assertThat(value).isInstanceOf(KeyAxis.jdbcClass(c.type()));
          assertThat(KeyAxis.toAxis(c.type(), value)).as("axis of '%s'", text).isEqualTo(c.axis());
        });
  }
}

package dev.rivet.kernel.plan;

import static dev.rivet.kernel.testing.PropertyCheck.forAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivet.kernel.testing.Gen;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A keyset bound survives its encoding exactly: any texts (controls, quotes, backslashes, surrogate
 * pairs, trailing spaces), any number of key parts. A whole plan's storage: {@code
 * KeysetPlanCodecTest} (beside the codec, so that the plan package does not depend on it).
 */
public class KeyTuplePropertiesTest {
  public static final Gen<String> TEXT =
      Gen.oneOf(
          Gen.unicode(16),
          Gen.strings("aA \"\\[],'", 0, 6),
          Gen.of("", " ", "null", "[\"x\"]", "2024-02-29T23:59:59.999999", "-9223372036854775808"));
  private static final Gen<List<String>> VALUES = Gen.lists(TEXT, 1, 5);

  @Test
  void shouldDecodeWhatItEncodes() {
    forAll(
        2000,
        VALUES,
        values -> {
          KeyTuple tuple = new KeyTuple(values);
          assertThat(KeyTuple.decode(tuple.encode())).isEqualTo(tuple);
          assertThat(KeyTuple.decode(tuple.encode()).values()).containsExactlyElementsOf(values);
        });
  }

  @Test
  void shouldTellDistinctTuplesApartByTheirText() {
    forAll(
        2000,
        Gen.lists(VALUES, 2, 2).filter(p -> !p.get(0).equals(p.get(1))),
        pair ->
            assertThat(new KeyTuple(pair.get(0)).encode())
                .isNotEqualTo(new KeyTuple(pair.get(1)).encode()));
  }

  @Test
  void shouldRefuseABoundThatIsNotAnArrayOfStrings() {
    for (String bad : new String[] {"42", "[]", "[null]", "{\"a\":1}", "[\"a\""}) {
      assertThatThrownBy(() -> KeyTuple.decode(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("keyset bound");
    }
  }

  @Test
  void shouldKeepKeysetKeysApartFromSingleColumnKeys() {
    assertThatThrownBy(() -> new SplitKey("name", KeyType.TEXT))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SplitKey("id", KeyType.KEYSET))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new SplitKey("id", KeyType.INTEGER).isKeyset()).isFalse();
    assertThat(new SplitKey("id", KeyType.INTEGER).parts()).isEmpty();
  }
}

package dev.rivet.kernel.plan;

import static dev.rivet.kernel.testing.PropertyCheck.forAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivet.kernel.codec.PlanCodec;
import dev.rivet.kernel.testing.Gen;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A keyset bound survives its encoding, and a whole plan's storage, exactly: any texts (controls,
 * quotes, backslashes, surrogate pairs, trailing spaces), any number of key parts.
 */
class KeyTuplePropertiesTest {
  private static final Gen<String> TEXT =
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
  void shouldRoundTripAKeysetPlanThroughThePlanCodec() {
    ExportPlan template = TestPlans.keyset("run-k");
    forAll(
        500,
        Gen.lists(Gen.lists(TEXT, 3, 3), 2, 2),
        bounds -> {
          String lower = new KeyTuple(bounds.get(0)).encode();
          String upper = new KeyTuple(bounds.get(1)).encode();
          ExportPlan plan =
              new ExportPlan(
                  template.runId(),
                  template.export(),
                  template.source(),
                  template.columns(),
                  template.strategy(),
                  template.splitKey(),
                  List.of(
                      new Chunk(0, null, lower),
                      new Chunk(1, lower, upper),
                      new Chunk(2, upper, null)),
                  template.estimatedRows(),
                  template.createdAt(),
                  template.notes());
          assertThat(PlanCodec.read("run-k", PlanCodec.write(plan))).isEqualTo(plan);
        });
  }

  @Test
  void shouldRoundTripTheFixturePlanWithItsKeysetKey() {
    ExportPlan plan = TestPlans.keyset("run-k");

    ExportPlan read = PlanCodec.read("run-k", PlanCodec.write(plan));

    assertThat(read).isEqualTo(plan);
    assertThat(read.splitKey().isKeyset()).isTrue();
    assertThat(read.splitKey().describe()).isEqualTo("(tenant, name, opened)");
  }

  @Test
  void shouldWriteSingleColumnKeysAsBeforeKeysetKeysExisted() {
    String json = PlanCodec.write(TestPlans.keyRange("run-1", 2));

    assertThat(json)
        .contains("\"splitKey\":{\"column\":\"id\",\"type\":\"INTEGER\",\"fallback\":[]}");
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

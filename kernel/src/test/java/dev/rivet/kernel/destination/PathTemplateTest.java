package dev.rivet.kernel.destination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class PathTemplateTest {
  private static final Instant PLANNED = Instant.parse("2026-11-24T23:59:59Z");

  @Test
  void shouldKeepTheDefaultLayoutWithoutPlaceholders() {
    PathTemplate template = new PathTemplate("s3://bucket/extracts");

    assertThat(template.runFolder("orders", "R1", PLANNED))
        .isEqualTo("s3://bucket/extracts/orders/R1");
    assertThat(template.root()).isEqualTo("s3://bucket/extracts");
    assertThat(template.chunkFolder()).isEmpty();
  }

  @Test
  void shouldPutRunFoldersOfTheRootDirectoryDirectlyUnderIt() {
    // Found by PathTemplatePropertiesTest: "/" gave "//orders/R1".
    assertThat(new PathTemplate("/").runFolder("orders", "R1", PLANNED)).isEqualTo("/orders/R1");
    assertThat(new PathTemplate("/{export}").runFolder("orders", "R1", PLANNED))
        .isEqualTo("/orders/R1");
  }

  @Test
  void shouldAppendTheRunIdWhenTheTemplateHasNone() {
    PathTemplate template = new PathTemplate("s3://bucket/x/{export}/{date}/");

    assertThat(template.runFolder("orders", "R1", PLANNED))
        .isEqualTo("s3://bucket/x/orders/2026-11-24/R1");
    assertThat(template.root()).isEqualTo("s3://bucket/x");
  }

  @Test
  void shouldUseTheTemplateAsTheRunFolderWhenItHasTheRunId() {
    PathTemplate template = new PathTemplate("/data/dt={date}/{run_id}-{export}");

    assertThat(template.runFolder("orders", "R1", PLANNED))
        .isEqualTo("/data/dt=2026-11-24/R1-orders");
  }

  @Test
  void shouldPutEachChunkInItsFolderInsideTheRunFolder() {
    PathTemplate template = new PathTemplate("gs://b/x/{export}/part={chunk}");

    assertThat(template.runFolder("orders", "R1", PLANNED)).isEqualTo("gs://b/x/orders/R1");
    assertThat(template.chunkFolder()).isEqualTo("part={chunk}");
    assertThat(PathTemplate.renderChunk(template.chunkFolder(), 7)).isEqualTo("part=00007");
  }

  @Test
  void shouldRejectUnknownAndMisplacedPlaceholders() {
    assertThatThrownBy(() -> new PathTemplate("s3://b/{day}"))
        .hasMessageContaining("unknown placeholder {day}");
    assertThatThrownBy(() -> new PathTemplate("s3://b/{export")).hasMessageContaining("unbalanced");
    assertThatThrownBy(() -> new PathTemplate("s3://b/{chunk}/{date}"))
        .hasMessageContaining("{date} in or after the first folder with {chunk}");
  }

  @Test
  void shouldParseEachKindOfDestination() {
    assertThat(Destination.parse("-")).isInstanceOf(Destination.Stdout.class);
    assertThat(Destination.parse("/tmp/out")).isInstanceOf(Destination.Local.class);
    assertThat(Destination.parse("s3://my-bucket/p"))
        .isEqualTo(new Destination.S3("my-bucket", new PathTemplate("s3://my-bucket/p")));
    assertThat(Destination.parse("gs://my-bucket").writesInPlace()).isTrue();
    assertThat(Destination.parse("/tmp/out").writesInPlace()).isFalse();
  }
}

package dev.rivet.kernel.destination;

import static dev.rivet.kernel.testing.PropertyCheck.forAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.rivet.kernel.testing.Gen;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Properties of destinations with placeholders, for any template built from valid parts. */
class PathTemplatePropertiesTest {
  private static final Gen<String> WORDS = Gen.strings("abcxyzABC019_-=.", 1, 8);

  /** A folder name without placeholders: never empty, never "." or "..". */
  static Gen<String> literals() {
    return WORDS.filter(w -> !w.equals(".") && !w.equals(".."));
  }

  /** A folder name of the run's part: literal text around {export}, {run_id} or {date}. */
  static Gen<String> runSegments() {
    Gen<String> placeholder = Gen.of("{export}", "{run_id}", "{date}");
    Gen<String> affix = Gen.oneOf(Gen.of(""), WORDS);
    return Gen.oneOf(
        literals(),
        random -> affix.next(random) + placeholder.next(random) + affix.next(random),
        random -> placeholder.next(random) + "-" + placeholder.next(random));
  }

  /** A per-chunk folder: literal text around {chunk}. */
  static Gen<String> chunkSegments() {
    Gen<String> affix = Gen.oneOf(Gen.of(""), WORDS);
    return random -> affix.next(random) + "{chunk}" + affix.next(random);
  }

  record Rendering(String template, String export, String runId, Instant planned) {}

  static Gen<String> templates() {
    Gen<String> bases = Gen.of("/data", "out", "s3://my-bucket", "gs://bucket.example", "/");
    Gen<List<String>> runParts = Gen.lists(runSegments(), 0, 4);
    Gen<List<String>> chunkParts =
        Gen.oneOf(Gen.of(List.of()), Gen.lists(Gen.oneOf(chunkSegments(), literals()), 1, 2));
    return random -> {
      List<String> parts = new ArrayList<>(runParts.next(random));
      List<String> chunkFolders = chunkParts.next(random);
      if (!chunkFolders.isEmpty()) {
        parts.add(chunkSegments().next(random));
        parts.addAll(chunkFolders.subList(1, chunkFolders.size()));
      }
      String base = bases.next(random);
      String joined = String.join("/", parts);
      String text = base.endsWith("/") || joined.isEmpty() ? base + joined : base + "/" + joined;
      return random.nextInt(4) == 0 && !text.endsWith("/") ? text + "/" : text;
    };
  }

  static Gen<Rendering> renderings() {
    Gen<String> exports = Gen.strings("abcXYZ019_", 1, 1).flatMap(f -> WORDS.map(rest -> f + rest));
    Gen<String> runIds = Gen.strings("0123456789abcdefTZ-", 6, 22);
    Gen<Long> seconds = Gen.longs(0, Instant.parse("9999-12-31T23:59:59Z").getEpochSecond());
    return random ->
        new Rendering(
            templates().next(random),
            exports.next(random),
            runIds.next(random),
            Instant.ofEpochSecond(seconds.next(random)));
  }

  @Test
  void shouldRenderRunFoldersWithoutEmptyDotOrPlaceholderSegments() {
    forAll(
        1000,
        renderings(),
        r -> {
          PathTemplate template = new PathTemplate(r.template());
          String folder = template.runFolder(r.export(), r.runId(), r.planned());

          assertThat(template.runFolder(r.export(), r.runId(), r.planned())).isEqualTo(folder);
          assertThat(folder).doesNotContain("{").doesNotContain("}").doesNotEndWith("/");
          assertThat(folder).startsWith(template.root()).contains(r.runId());
          String path = folder.replaceFirst("^[a-z0-9]+://", "").replaceFirst("^/", "");
          assertThat(path.split("/", -1))
              .as("segments of %s", folder)
              .doesNotContain("", ".", "..");
        });
  }

  @Test
  void shouldRenderChunkFoldersThatGiveBackTheirChunkIndex() {
    Gen<Integer> indexes = Gen.ints(0, 99_999);
    forAll(
        1000,
        random -> List.of(templates().next(random), indexes.next(random), indexes.next(random)),
        input -> {
          PathTemplate template = new PathTemplate((String) input.get(0));
          String folder = template.chunkFolder();
          if (!template.text().contains("{chunk}")) {
            assertThat(folder).isEmpty();
            return;
          }
          int index = (Integer) input.get(1);
          int other = (Integer) input.get(2);
          String rendered = PathTemplate.renderChunk(folder, index);

          assertThat(rendered).doesNotContain("{").doesNotContain("}").doesNotStartWith("/");
          assertThat(rendered.split("/", -1)).doesNotContain("", ".", "..");
          Matcher m = chunkPattern(folder).matcher(rendered);
          assertThat(m.matches()).as("%s matches %s", rendered, folder).isTrue();
          assertThat(Integer.parseInt(m.group(1))).isEqualTo(index);
          if (other != index) {
            assertThat(PathTemplate.renderChunk(folder, other)).isNotEqualTo(rendered);
          }
        });
  }

  @Test
  void shouldParseEveryDestinationBackFromItsText() {
    forAll(
        1000,
        Gen.oneOf(templates(), Gen.of("-", "stdout", "STDOUT")),
        text -> {
          Destination destination = Destination.parse(text);

          assertThat(Destination.parse(destination.text())).isEqualTo(destination);
          if (!(destination instanceof Destination.Stdout)) {
            assertThat(destination.text()).isEqualTo(text);
          }
        });
  }

  /** A valid template with one mistake, and words its error message must contain. */
  record Broken(String text, List<String> mentions) {}

  static Gen<Broken> broken() {
    Gen<String> unknown =
        Gen.strings("abcdefghijklmnopqrstuvwxyz_", 0, 8)
            .filter(n -> !PathTemplate.PLACEHOLDERS.contains(n));
    Gen<Integer> kinds = Gen.ints(0, 3);
    return random -> {
      String valid = templates().next(random).replaceAll("/$", "");
      switch (kinds.next(random)) {
        case 0:
          String name = unknown.next(random);
          return new Broken(
              valid + "/{" + name + "}",
              List.of("unknown placeholder {" + name + "}", "valid: {export}"));
        case 1:
          return new Broken(valid + "/x" + Gen.of("{", "}").next(random), List.of("unbalanced"));
        case 2:
          String late = Gen.of("{export}", "{run_id}", "{date}").next(random);
          String withChunk = valid.contains("{chunk}") ? valid : valid + "/{chunk}";
          return new Broken(
              withChunk + "/" + late, List.of(late + " in or after the first folder with {chunk}"));
        default:
          return new Broken(
              valid + "/{export", List.of("unbalanced '{' or '}'", "placeholders are"));
      }
    };
  }

  @Test
  void shouldRejectBrokenTemplatesNamingTheTemplateAndTheMistake() {
    forAll(
        1000,
        broken(),
        b -> {
          IllegalArgumentException e =
              catchThrowableOfType(
                  IllegalArgumentException.class, () -> new PathTemplate(b.text()));

          assertThat(e).as("error for %s", b.text()).isNotNull();
          assertThat(e.getMessage()).contains("'" + b.text() + "'");
          for (String mention : b.mentions()) {
            assertThat(e.getMessage()).contains(mention);
          }
        });
  }

  /** {@code folder} as a pattern whose group 1 is the rendered chunk index. */
  private static Pattern chunkPattern(String folder) {
    String[] parts = folder.split("\\{chunk}", -1);
    StringBuilder regex = new StringBuilder(Pattern.quote(parts[0]));
    for (int i = 1; i < parts.length; i++) {
      regex.append(i == 1 ? "([0-9]{5})" : "\\1").append(Pattern.quote(parts[i]));
    }
    return Pattern.compile(regex.toString());
  }
}

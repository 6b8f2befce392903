package dev.rivet.kernel.codec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.rivet.kernel.destination.Destination;
import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.plan.ColumnOverrides;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.ExportSpec;
import dev.rivet.kernel.plan.ExtractMode;
import dev.rivet.kernel.plan.GovernorSettings;
import dev.rivet.kernel.plan.MetaColumns;
import dev.rivet.kernel.plan.NoteCode;
import dev.rivet.kernel.plan.PlanNote;
import dev.rivet.kernel.plan.Relation;
import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.kernel.plan.SplitKey;
import dev.rivet.kernel.source.SourceKind;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Converts an {@link ExportPlan} to JSON and back so that the round trip yields an equal plan. The
 * stored JSON carries {@value #FORMAT_KEY}: a plan of an older format is upgraded when read, a plan
 * of a newer format (written by a newer rivet) is refused rather than misread. Field names are
 * those of the records, enums travel by name, the source kind by its wire name, instants as
 * ISO-8601, relations and modes tagged with {@code "type"}. Thread-safe.
 *
 * <p>Formats: 1 (no {@value #FORMAT_KEY} key; the source kind under {@code "dialect"}; notes as
 * text), 2 (the source kind under {@code "source"}; notes as {@code {"code", "params"}}). A change
 * that old readers would misread raises {@link #FORMAT_VERSION} and adds its upgrade step to {@code
 * upgrade}.
 */
public final class PlanCodec {
  /** The format this build writes, and the newest it reads. */
  public static final int FORMAT_VERSION = 2;

  static final String FORMAT_KEY = "format_version";

  private static final String LEGACY_WARNING_PREFIX = "warning: ";

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .addModule(sourceKindModule())
          .addModule(destinationModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .addMixIn(Relation.class, RelationMixIn.class)
          .addMixIn(Chunk.class, ChunkMixIn.class)
          .addMixIn(SplitKey.class, SplitKeyMixIn.class)
          .addMixIn(SourceColumn.class, SourceColumnMixIn.class)
          .addMixIn(PlanNote.class, NoteMixIn.class)
          .addMixIn(ExtractMode.class, ModeMixIn.class)
          .withConfigOverride(
              MetaColumns.class,
              o ->
                  o.setIncludeAsProperty(
                      JsonInclude.Value.construct(
                          JsonInclude.Include.CUSTOM, null, NoMetaColumns.class, null)))
          .withConfigOverride(
              ColumnOverrides.class,
              o ->
                  o.setIncludeAsProperty(
                      JsonInclude.Value.construct(
                          JsonInclude.Include.CUSTOM, null, NoColumnOverrides.class, null)))
          .addModule(storedSpecModule())
          .addMixIn(StoredSpec.class, QualityMixIn.class)
          .addMixIn(ExportPlan.class, PlanMixIn.class)
          .addMixIn(GovernorSettings.class, GovernorMixIn.class)
          .addMixIn(SourceColumn.class, SourceColumnMixIn.class)
          .build();

  private PlanCodec() {}

  /** The plan as JSON of format {@link #FORMAT_VERSION}. */
  public static String write(ExportPlan plan) {
    try {
      return TopLevelFields.prepend(
          MAPPER, FORMAT_KEY, FORMAT_VERSION, MAPPER.writeValueAsString(plan));
    } catch (IOException e) {
      throw new RivetException(
          FailureKind.INTERNAL,
          "plan of run " + plan.runId() + " cannot be written as JSON: " + e.getMessage(),
          "report this as a bug in rivet",
          e);
    }
  }

  /**
   * Reads a plan written by {@link #write} of this or an earlier build.
   *
   * @throws RivetException of kind {@code STATE} when the JSON is not a valid plan, or is of a
   *     format newer than this build reads
   */
  public static ExportPlan read(String runId, String json) {
    JsonNode format;
    String current;
    try {
      format = TopLevelFields.find(MAPPER, json, FORMAT_KEY);
      int version = format(runId, format);
      if (version > FORMAT_VERSION) {
        throw new RivetException(
            FailureKind.STATE,
            "plan of run "
                + runId
                + " was stored by a newer rivet (plan format "
                + version
                + "); this rivet reads plan formats 1 to "
                + FORMAT_VERSION,
            "run this plan with the rivet version that made it (or a newer one), or plan the"
                + " export again with this version (without --resume/--plan)");
      }
      // Upgrades rename top-level fields only, token by token: a tree would merge the repeated
      // "type" key that incremental modes carry (the mode's tag and its cursor type).
      current =
          TopLevelFields.rewrite(MAPPER, json, FORMAT_KEY, renames(version), conversions(version));
    } catch (JsonProcessingException e) {
      throw unreadable(runId, e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw unreadable(runId, e.getMessage(), e);
    }
    try {
      return MAPPER.readValue(current, ExportPlan.class);
    } catch (JsonProcessingException e) {
      throw unreadable(runId, e.getOriginalMessage(), e);
    } catch (IllegalArgumentException e) {
      throw unreadable(runId, e.getMessage(), e);
    }
  }

  private static int format(String runId, JsonNode format) {
    if (format == null) {
      return 1;
    }
    if (!format.canConvertToExactIntegral() || format.asInt() < 1) {
      throw unreadable(runId, FORMAT_KEY + " must be a whole number >= 1, got " + format, null);
    }
    return format.asInt();
  }

  /** The top-level renames that bring a plan of {@code format} to the current format. */
  private static Map<String, String> renames(int format) {
    Map<String, String> renames = new HashMap<>();
    if (format < 2) {
      renames.put("dialect", "source");
    }
    return renames;
  }

  /** The top-level values rewritten to bring a plan of {@code format} to the current format. */
  private static Map<String, UnaryOperator<JsonNode>> conversions(int format) {
    Map<String, UnaryOperator<JsonNode>> conversions = new HashMap<>();
    if (format < 2) {
      conversions.put("notes", PlanCodec::codedNotes);
    }
    return conversions;
  }

  /**
   * Format 1 stored notes as text, warnings prefixed {@code "warning: "}; they become {@link
   * NoteCode#DETAIL} and {@link NoteCode#LEGACY_WARNING} notes. Their words are not interpreted.
   */
  private static JsonNode codedNotes(JsonNode textNotes) {
    ArrayNode coded = MAPPER.createArrayNode();
    for (JsonNode note : textNotes) {
      String text = note.asText();
      boolean warning = text.startsWith(LEGACY_WARNING_PREFIX);
      ObjectNode entry = coded.addObject();
      entry.put("code", (warning ? NoteCode.LEGACY_WARNING : NoteCode.DETAIL).name());
      entry
          .putObject("params")
          .put("text", warning ? text.substring(LEGACY_WARNING_PREFIX.length()) : text);
    }
    return coded;
  }

  private static RivetException unreadable(String runId, String detail, Exception cause) {
    return new RivetException(
        FailureKind.STATE,
        "plan of run " + runId + " in the state store cannot be read: " + detail,
        "the state was edited by hand or is damaged; plan the export again (without --resume or"
            + " --plan)",
        cause);
  }

  private static SimpleModule sourceKindModule() {
    SimpleModule module = new SimpleModule("rivet-source-kind");
    module.addSerializer(
        SourceKind.class,
        new JsonSerializer<>() {
          @Override
          public void serialize(SourceKind kind, JsonGenerator out, SerializerProvider provider)
              throws IOException {
            out.writeString(kind.wireName());
          }
        });
    module.addDeserializer(
        SourceKind.class,
        new JsonDeserializer<>() {
          @Override
          public SourceKind deserialize(JsonParser in, DeserializationContext context)
              throws IOException {
            return SourceKind.parse(in.getValueAsString());
          }
        });
    return module;
  }

  /**
   * A spec travels as one flat {@link StoredSpec}, as it did before its settings were grouped. A
   * spec that breaks a rule fails as Jackson reports a record it cannot construct.
   */
  private static SimpleModule storedSpecModule() {
    SimpleModule module = new SimpleModule("rivet-stored-spec");
    module.addSerializer(
        ExportSpec.class,
        new JsonSerializer<>() {
          @Override
          public void serialize(ExportSpec spec, JsonGenerator out, SerializerProvider provider)
              throws IOException {
            provider.defaultSerializeValue(StoredSpec.of(spec), out);
          }
        });
    module.addDeserializer(
        ExportSpec.class,
        new JsonDeserializer<>() {
          @Override
          public ExportSpec deserialize(JsonParser in, DeserializationContext context)
              throws IOException {
            StoredSpec stored = context.readValue(in, StoredSpec.class);
            try {
              return stored.toSpec();
            } catch (RuntimeException e) {
              throw context.instantiationException(ExportSpec.class, e);
            }
          }
        });
    return module;
  }

  /** A destination travels as the text the config gave it, as it did before it was parsed. */
  private static SimpleModule destinationModule() {
    SimpleModule module = new SimpleModule("rivet-destination");
    module.addSerializer(
        Destination.class,
        new JsonSerializer<>() {
          @Override
          public void serialize(
              Destination destination, JsonGenerator out, SerializerProvider provider)
              throws IOException {
            out.writeString(destination.text());
          }
        });
    module.addDeserializer(
        Destination.class,
        new JsonDeserializer<>() {
          @Override
          public Destination deserialize(JsonParser in, DeserializationContext context)
              throws IOException {
            return Destination.parse(in.getValueAsString());
          }
        });
    return module;
  }
}

package dev.rivet.state.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.ExtractMode;
import dev.rivet.kernel.plan.Relation;

/**
 * Converts an {@link ExportPlan} to JSON and back so that the round trip yields an equal plan. The
 * wire format (field names as in the model records, enums by name, instants as ISO-8601, the
 * relation tagged {@code "type": "table" | "query"}) is what state stores keep, so it only grows.
 * Used by state store implementations; thread-safe.
 */
public final class PlanJson {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .addMixIn(Relation.class, RelationMixIn.class)
          .addMixIn(Chunk.class, ChunkMixIn.class)
          .addMixIn(ExtractMode.class, ModeMixIn.class)
          .build();

  private PlanJson() {}

  public static String write(ExportPlan plan) {
    try {
      return MAPPER.writeValueAsString(plan);
    } catch (JsonProcessingException e) {
      throw new RivetException(
          FailureKind.INTERNAL,
          "plan of run " + plan.runId() + " cannot be written as JSON: " + e.getOriginalMessage(),
          "report this as a bug in rivet",
          e);
    }
  }

  /**
   * Reads a plan written by {@link #write}.
   *
   * @throws RivetException of kind {@code STATE} when the JSON is not a valid plan
   */
  public static ExportPlan read(String runId, String json) {
    try {
      return MAPPER.readValue(json, ExportPlan.class);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      String detail =
          e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
      throw new RivetException(
          FailureKind.STATE,
          "plan of run " + runId + " in the state store cannot be read: " + detail,
          "the state was written by another rivet version or edited by hand; plan the export again",
          e);
    }
  }
}

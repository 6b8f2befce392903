package dev.rivet.kernel.codec;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.rivet.kernel.plan.QueryText;
import dev.rivet.kernel.plan.TableRef;

/** Tags the sealed relation with its variant, keeping Jackson annotations out of the planner. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = TableRef.class, name = "table"),
  @JsonSubTypes.Type(value = QueryText.class, name = "query")
})
interface RelationMixIn {}

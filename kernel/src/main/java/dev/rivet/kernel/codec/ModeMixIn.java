package dev.rivet.kernel.codec;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.rivet.kernel.plan.ChunkedMode;
import dev.rivet.kernel.plan.FullMode;
import dev.rivet.kernel.plan.IncrementalMode;
import dev.rivet.kernel.plan.TimeWindowMode;

/** Tags the sealed extract mode with its config name. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = FullMode.class, name = "full"),
  @JsonSubTypes.Type(value = IncrementalMode.class, name = "incremental"),
  @JsonSubTypes.Type(value = ChunkedMode.class, name = "chunked"),
  @JsonSubTypes.Type(value = TimeWindowMode.class, name = "time_window")
})
interface ModeMixIn {}

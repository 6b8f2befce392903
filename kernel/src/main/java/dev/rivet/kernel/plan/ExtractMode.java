package dev.rivet.kernel.plan;

import java.io.Serializable;

/** What part of the source an export reads on each run. */
public sealed interface ExtractMode extends Serializable
    permits FullMode, IncrementalMode, ChunkedMode, TimeWindowMode {

  /** The config name: {@code full}, {@code incremental}, {@code chunked} or {@code time_window}. */
  String wireName();
}

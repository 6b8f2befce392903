package dev.rivet.pipeline.logging;

import java.util.Map;
import org.slf4j.MDC;

/**
 * The fields every log line of a run carries (SLF4J's MDC: {@value #EXPORT}, {@value #RUN}, {@value
 * #CHUNK}), set for the length of a scope on the thread that does the work and restored to what
 * they were when the scope closes, so a runner's worker thread keeps nothing of a chunk it
 * finished.
 */
public final class LogContext {
  /** The export's name. */
  public static final String EXPORT = "export";

  /** The run id. */
  public static final String RUN = "run";

  /** The chunk index. */
  public static final String CHUNK = "chunk";

  private LogContext() {}

  /** The fields restored when the scope closes; closing never throws. */
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }

  /** Lines logged in the scope name the export (before it has a run, while it is planned). */
  public static Scope export(String export) {
    return with(Map.of(EXPORT, export));
  }

  /** Lines logged in the scope name the export and the run. */
  public static Scope run(String export, String runId) {
    return with(Map.of(EXPORT, export, RUN, runId));
  }

  /** Lines logged in the scope name the export, the run and the chunk being read or written. */
  public static Scope chunk(String export, String runId, int chunk) {
    return with(Map.of(EXPORT, export, RUN, runId, CHUNK, Integer.toString(chunk)));
  }

  private static Scope with(Map<String, String> fields) {
    Map<String, String> before = MDC.getCopyOfContextMap();
    fields.forEach(MDC::put);
    return () -> {
      if (before == null) {
        MDC.clear();
      } else {
        MDC.setContextMap(before);
      }
    };
  }
}

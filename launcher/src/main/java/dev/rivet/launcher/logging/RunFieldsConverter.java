package dev.rivet.launcher.logging;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.rivet.pipeline.logging.LogContext;
import java.util.List;
import java.util.Map;

/**
 * The run's fields of a text log line, {@code " [export=orders run=r1 chunk=3]"}, in that order and
 * only those set; nothing when none is.
 */
final class RunFieldsConverter extends ClassicConverter {
  private static final List<String> KEYS =
      List.of(LogContext.EXPORT, LogContext.RUN, LogContext.CHUNK);

  @Override
  public String convert(ILoggingEvent event) {
    Map<String, String> mdc = event.getMDCPropertyMap();
    if (mdc == null || mdc.isEmpty()) {
      return "";
    }
    StringBuilder fields = new StringBuilder();
    for (String key : KEYS) {
      String value = mdc.get(key);
      if (value != null) {
        fields.append(fields.length() == 0 ? " [" : " ").append(key).append('=').append(value);
      }
    }
    return fields.length() == 0 ? "" : fields.append(']').toString();
  }
}

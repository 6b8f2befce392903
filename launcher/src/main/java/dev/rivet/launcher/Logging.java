package dev.rivet.launcher;

/**
 * Routes all logging to standard error at a quiet level: Rivet's own progress at INFO, other
 * libraries at WARN, the Flink runner silent unless RIVET_DEBUG is set. Must run before any logger
 * is created.
 */
final class Logging {
  private Logging() {}

  static void configure() {
    setIfAbsent("org.slf4j.simpleLogger.logFile", "System.err");
    setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    setIfAbsent("org.slf4j.simpleLogger.log.dev.rivet", "info");
    // Flink and its Beam runner log a failed task's stack trace several times over; Rivet reports
    // the cause itself (and the stack trace with RIVET_DEBUG=1).
    String runnerLevel = System.getenv("RIVET_DEBUG") != null ? "error" : "off";
    setIfAbsent("org.slf4j.simpleLogger.log.org.apache.flink", runnerLevel);
    setIfAbsent("org.slf4j.simpleLogger.log.org.apache.beam.runners.flink", runnerLevel);
    setIfAbsent("org.slf4j.simpleLogger.log.org.apache.hadoop", "error");
    setIfAbsent("org.slf4j.simpleLogger.showDateTime", "true");
    setIfAbsent("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss");
    setIfAbsent("org.slf4j.simpleLogger.showThreadName", "false");
    setIfAbsent("org.slf4j.simpleLogger.showShortLogName", "true");
    String debug = System.getenv("RIVET_LOG_LEVEL");
    if (debug != null) {
      System.setProperty("org.slf4j.simpleLogger.log.dev.rivet", debug);
    }
    org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
    org.slf4j.bridge.SLF4JBridgeHandler.install();
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}

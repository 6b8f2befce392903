package dev.rivet.launcher;

/**
 * Routes all logging to standard error at a quiet level: Rivet's own progress at INFO, the runners'
 * chatter at WARN. Must run before any logger is created.
 */
final class Logging {
  private Logging() {}

  static void configure() {
    setIfAbsent("org.slf4j.simpleLogger.logFile", "System.err");
    setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    setIfAbsent("org.slf4j.simpleLogger.log.dev.rivet", "info");
    // Flink logs a failed task with its stack trace at WARN; Rivet reports the cause itself.
    setIfAbsent("org.slf4j.simpleLogger.log.org.apache.flink", "error");
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

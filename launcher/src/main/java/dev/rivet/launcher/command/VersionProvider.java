package dev.rivet.launcher.command;

import picocli.CommandLine;

/** Reports the version from the jar manifest. */
final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = implementation();
    return new String[] {"rivet " + (version == null ? "(development build)" : version)};
  }

  /** The jar's version, or {@code development} when run from classes (a dev build). */
  static String version() {
    String version = implementation();
    return version == null ? "development" : version;
  }

  private static String implementation() {
    return RivetCommand.class.getPackage().getImplementationVersion();
  }
}

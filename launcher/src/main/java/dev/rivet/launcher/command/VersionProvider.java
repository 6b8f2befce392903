package dev.rivet.launcher.command;

import picocli.CommandLine;

/** Reports the version from the jar manifest. */
final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = RivetCommand.class.getPackage().getImplementationVersion();
    return new String[] {"rivet " + (version == null ? "(development build)" : version)};
  }
}

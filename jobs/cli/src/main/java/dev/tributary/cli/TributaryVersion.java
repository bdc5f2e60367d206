package dev.tributary.cli;

import picocli.CommandLine.IVersionProvider;

/** Reports the version Maven stamped into the jar's manifest. */
final class TributaryVersion implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = Tributary.class.getPackage().getImplementationVersion();
    return new String[] {"tributary " + (version == null ? "(development build)" : version)};
  }
}

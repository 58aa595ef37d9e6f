package dev.operon.server;

import picocli.CommandLine.Option;

/** The {@code --verbose} option, mixed into every command. */
public final class VerboseOption {
  @Option(names = "--verbose", description = "Print stack traces of failures and adapter logs.")
  boolean verbose;

  public boolean on() {
    return verbose;
  }
}

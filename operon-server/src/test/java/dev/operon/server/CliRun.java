package dev.operon.server;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the operon program in-process and keeps what it printed. */
record CliRun(int status, String out, String err) {
  static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = OperonCli.execute(new PrintWriter(out), new PrintWriter(err), args);
    return new CliRun(status, out.toString(), err.toString());
  }
}

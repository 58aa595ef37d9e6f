package dev.operon.server.http;

import dev.operon.http.ApiRole;
import dev.operon.http.ApiTokens;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code operon token add}: makes an API token, stores its hash and prints the token once. */
@Command(name = "token", description = "Manages the API tokens of 'operon server'.",
    subcommands = TokenCommand.Add.class)
public final class TokenCommand implements Runnable {
  /** Where the server and this command keep the tokens unless told otherwise. */
  public static final String DEFAULT_FILE = "./operon-data/tokens";

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code operon token add --role R --name N [--tokens FILE]}. */
  @Command(name = "add", description = {
      "Makes a new API token, appends its SHA-256 hash to the tokens file and prints the token:",
      "it is shown only this once. Roles: viewer (reads), operator (also starts, signals, cancels),",
      "admin (everything). A running server reads the file when it starts."})
  static final class Add implements Callable<Integer> {
    @Option(names = "--role", required = true, paramLabel = "ROLE", description = "viewer, operator or admin.")
    String role;

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "Who or what uses it (shown in errors and logs).")
    String name;

    @Option(names = "--tokens", paramLabel = "FILE", defaultValue = DEFAULT_FILE,
        description = "The tokens file (default: ${DEFAULT-VALUE}).")
    Path tokens;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      ApiRole parsed;
      try {
        parsed = ApiRole.valueOf(role.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw dev.operon.error.OperonException.invalid("--role must be viewer, operator or admin, was '" + role + "'");
      }
      String token = ApiTokens.add(tokens, parsed, name);
      PrintWriter out = spec.commandLine().getOut();
      out.println(token);
      out.flush();
      spec.commandLine().getErr().println("Token '" + name + "' (" + role.toLowerCase(Locale.ROOT) + ") added to "
          + tokens + "; this is the only time it is shown. Send it as 'Authorization: Bearer <token>'.");
      return 0;
    }
  }
}

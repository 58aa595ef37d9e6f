package dev.operon.http;

import dev.operon.error.OperonException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The API tokens a server accepts, kept as SHA-256 hashes: a token is shown once, when it is made,
 * and never stored. A tokens file holds one token per line, {@code sha256:<hex> <role> <name>}
 * (lines starting with {@code #} are comments), so it can be written by {@code operon token add}
 * or by hand from a hash. A request names its token as {@code Authorization: Bearer <token>}.
 */
public final class ApiTokens {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
  private static final Pattern LINE = Pattern.compile("sha256:([0-9a-f]{64}) (viewer|operator|admin) (\\S+)");
  private static final String PREFIX = "opn_";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** One accepted token: its hash, role and name. */
  public record Entry(String sha256, ApiRole role, String name) {
    public Entry {
      Objects.requireNonNull(sha256, "sha256");
      Objects.requireNonNull(role, "role");
      Objects.requireNonNull(name, "name");
    }
  }

  private final List<Entry> entries;

  private ApiTokens(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /** No token at all: every request that needs one is refused. */
  public static ApiTokens none() {
    return new ApiTokens(List.of());
  }

  /** The tokens of {@code entries}. */
  public static ApiTokens of(List<Entry> entries) {
    return new ApiTokens(entries);
  }

  /**
   * The tokens in {@code file} (none if it does not exist). VALIDATION error naming the file and
   * the line for a line that is not {@code sha256:<64 hex digits> viewer|operator|admin <name>}.
   */
  public static ApiTokens load(Path file) {
    if (!Files.exists(file)) {
      return none();
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read the tokens file " + file, e);
    }
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      var match = LINE.matcher(line);
      if (!match.matches()) {
        throw OperonException.invalid("Line " + (i + 1) + " of the tokens file " + file
            + " is not 'sha256:<64 hex digits> viewer|operator|admin <name>'");
      }
      entries.add(new Entry(match.group(1), ApiRole.valueOf(match.group(2).toUpperCase(Locale.ROOT)),
          match.group(3)));
    }
    return new ApiTokens(entries);
  }

  /**
   * Makes a new token with {@code role} named {@code name}, appends its hash to {@code file}
   * (created if missing) and returns the token itself, which is shown only this once.
   */
  public static String add(Path file, ApiRole role, String name) {
    Objects.requireNonNull(role, "role");
    if (name == null || !NAME.matcher(name).matches()) {
      throw OperonException.invalid("A token's name must be 1-64 letters, digits or . _ @ -, was '" + name + "'");
    }
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    String line = "sha256:" + sha256(token) + " " + role.name().toLowerCase(Locale.ROOT) + " " + name + "\n";
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write the tokens file " + file, e);
    }
    return token;
  }

  /** The entry whose hash is the hash of {@code token}, compared in constant time. */
  public Optional<Entry> find(String token) {
    if (token == null || token.isEmpty()) {
      return Optional.empty();
    }
    byte[] hash = sha256(token).getBytes(StandardCharsets.US_ASCII);
    Entry found = null;
    for (Entry entry : entries) {
      if (MessageDigest.isEqual(hash, entry.sha256().getBytes(StandardCharsets.US_ASCII))) {
        found = entry;
      }
    }
    return Optional.ofNullable(found);
  }

  /** How many tokens are accepted. */
  public int size() {
    return entries.size();
  }

  /** The SHA-256 of {@code token}, as 64 lowercase hex digits. */
  public static String sha256(String token) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}

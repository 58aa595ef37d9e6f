package dev.operon.notify;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The tracker files of a {@link FileSystemChangeNotifier}: one file per channel,
 * {@code DIR/<first 32 hex chars of SHA-256(channel)>.tracker}, whose content is a token naming
 * the host that last notified and a counter. A notify replaces the file atomically, so a reader
 * sees the old token or the new one, never half of one.
 */
final class TrackerFiles {
  static final String SUFFIX = ".tracker";

  private final Path dir;
  private final String hostId;
  private final AtomicLong counter = new AtomicLong();

  TrackerFiles(Path dir, String hostId) {
    this.dir = dir;
    this.hostId = hostId;
  }

  Path dir() {
    return dir;
  }

  /** The tracker file name of {@code channel}. */
  static String fileName(String channel) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(channel.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 32) + SUFFIX;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  /** Writes a new token for {@code channel}. */
  void touch(String channel) throws IOException {
    Path target = dir.resolve(fileName(channel));
    Path temp = dir.resolve("." + UUID.randomUUID() + ".tmp");
    String token = hostId + "\n" + counter.incrementAndGet() + "\n" + System.nanoTime();
    Files.writeString(temp, token, StandardCharsets.UTF_8);
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** The current token of {@code channel}, "" if it was never notified. */
  String read(String channel) throws IOException {
    try {
      return Files.readString(dir.resolve(fileName(channel)), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return "";
    }
  }

  /** Whether {@code token} was written by this host. */
  boolean ownToken(String token) {
    return token.startsWith(hostId + "\n");
  }
}

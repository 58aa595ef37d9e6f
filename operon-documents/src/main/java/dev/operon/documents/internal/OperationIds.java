package dev.operon.documents.internal;

import dev.operon.documents.HashAlgorithm;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Operation ids derived from what identifies an action: the first 32 hex digits of
 * SHA-1("{document}:{scope}:{branch}:{actionId}"). The same action applied twice, on one store or
 * on two, is the same operation, which is what makes re-applying and syncing idempotent.
 */
public final class OperationIds {
  private OperationIds() {}

  public static String of(String documentId, String scope, String branch, String actionId) {
    byte[] digest = CanonicalJson.digest((documentId + ":" + scope + ":" + branch + ":" + actionId)
        .getBytes(StandardCharsets.UTF_8), HashAlgorithm.SHA_1);
    return HexFormat.of().formatHex(digest).substring(0, 32);
  }
}

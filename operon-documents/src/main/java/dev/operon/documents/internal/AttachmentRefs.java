package dev.operon.documents.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.operon.documents.Attachment;
import dev.operon.documents.Operation;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The attachments an input refers to: every string in it that is an attachment URI. */
public final class AttachmentRefs {
  private AttachmentRefs() {}

  /** The hashes of the attachments {@code input} names, in the order it names them. */
  public static Set<String> in(JsonNode input) {
    Set<String> hashes = new LinkedHashSet<>();
    collect(input, hashes);
    return hashes;
  }

  /** The hashes of the attachments the inputs of {@code operations} name. */
  public static Set<String> in(List<Operation> operations) {
    Set<String> hashes = new LinkedHashSet<>();
    operations.forEach(operation -> collect(operation.action().input(), hashes));
    return hashes;
  }

  private static void collect(JsonNode node, Set<String> hashes) {
    if (node.isTextual() && node.asText().startsWith(Attachment.URI_PREFIX)) {
      hashes.add(node.asText().substring(Attachment.URI_PREFIX.length()));
    } else if (node.isContainerNode()) {
      node.forEach(child -> collect(child, hashes));
    }
  }
}

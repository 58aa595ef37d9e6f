package dev.operon.documents;

import java.time.Instant;
import java.util.Objects;

/**
 * The header scope of a document: what every document has, whatever its type. Its id, its type and
 * the version of the model it was created with, its name, and when it was created.
 */
public record DocumentHeader(String id, String documentType, int modelVersion, String name, Instant createdAt) {
  public DocumentHeader {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(documentType, "documentType");
    Objects.requireNonNull(createdAt, "createdAt");
    name = name == null ? "" : name;
  }
}

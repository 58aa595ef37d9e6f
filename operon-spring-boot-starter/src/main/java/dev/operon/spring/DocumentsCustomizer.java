package dev.operon.spring;

import dev.operon.documents.Documents;

/** Changes the builder of the documents bean the starter makes, before it is built. */
@FunctionalInterface
public interface DocumentsCustomizer {
  void customize(Documents.Builder builder);
}

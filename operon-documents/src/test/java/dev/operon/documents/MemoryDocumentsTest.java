package dev.operon.documents;

/** Documents on the in-memory store. */
class MemoryDocumentsTest extends DocumentsContract {
  @Override
  protected OperationStore openStore() {
    return OperationStores.inMemory();
  }
}

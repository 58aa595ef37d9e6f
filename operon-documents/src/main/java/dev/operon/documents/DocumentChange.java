package dev.operon.documents;

/** A document whose operations were written to a store, and the ordinal of that write in the store. */
public record DocumentChange(String documentId, long ordinal) {}

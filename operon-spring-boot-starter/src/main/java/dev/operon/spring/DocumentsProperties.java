package dev.operon.spring;

/** Event-sourced documents over the application's DocumentModel beans. */
public class DocumentsProperties {
  /** Whether the application gets a documents bean (it needs at least one DocumentModel bean). */
  private boolean enabled = true;

  /** A keyframe of a scope every this many revisions. */
  private int keyframeEvery = 10;

  /** How many documents are held in memory at most. */
  private long maxLoadedDocuments = 10_000;

  /** The largest attachment. */
  private org.springframework.util.unit.DataSize maxAttachmentSize = org.springframework.util.unit.DataSize.ofMegabytes(16);

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public int getKeyframeEvery() {
    return keyframeEvery;
  }

  public void setKeyframeEvery(int keyframeEvery) {
    this.keyframeEvery = keyframeEvery;
  }

  public long getMaxLoadedDocuments() {
    return maxLoadedDocuments;
  }

  public void setMaxLoadedDocuments(long maxLoadedDocuments) {
    this.maxLoadedDocuments = maxLoadedDocuments;
  }

  public org.springframework.util.unit.DataSize getMaxAttachmentSize() {
    return maxAttachmentSize;
  }

  public void setMaxAttachmentSize(org.springframework.util.unit.DataSize maxAttachmentSize) {
    this.maxAttachmentSize = maxAttachmentSize;
  }
}

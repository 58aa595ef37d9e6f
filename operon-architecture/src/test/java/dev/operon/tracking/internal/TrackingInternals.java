package dev.operon.tracking.internal;

/** A fixture: an internal class of the shared capability. */
public final class TrackingInternals {
  public static void record(String name) {}
}

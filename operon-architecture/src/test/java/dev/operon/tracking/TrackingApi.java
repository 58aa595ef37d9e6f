package dev.operon.tracking;

/** A fixture: the public API of the capability others may use. */
public final class TrackingApi {
  public static void track(String name) {}
}

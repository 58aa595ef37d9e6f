package dev.operon.id;

import com.github.f4b6a3.ulid.UlidFactory;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;

/**
 * Makes ULID-based ids: 26 characters of Crockford base32, sortable by creation time and strictly
 * increasing within one generator, even for ids made in the same millisecond. Transient
 * operations get the suffix {@value #TRANSIENT_SUFFIX}.
 */
public final class IdGenerator {
  /** The suffix that marks the id of an operation that is never stored. */
  public static final String TRANSIENT_SUFFIX = "-local";

  private static final IdGenerator SYSTEM = new IdGenerator(Clock.systemUTC());

  private final UlidFactory factory;

  /** A generator whose timestamps come from {@code clock}. */
  public IdGenerator(Clock clock) {
    Objects.requireNonNull(clock, "clock");
    this.factory = UlidFactory.newMonotonicInstance(new SecureRandom(), clock::millis);
  }

  /** The generator on the system clock. */
  public static IdGenerator system() {
    return SYSTEM;
  }

  /** A new id, greater than every id this generator made before. */
  public String next() {
    return factory.create().toString();
  }

  /** A new id for a transient operation: {@code {ulid}-local}. */
  public String nextTransient() {
    return next() + TRANSIENT_SUFFIX;
  }

  /** Whether {@code id} names a transient (never stored) operation. */
  public static boolean isTransient(String id) {
    return id != null && id.endsWith(TRANSIENT_SUFFIX);
  }
}

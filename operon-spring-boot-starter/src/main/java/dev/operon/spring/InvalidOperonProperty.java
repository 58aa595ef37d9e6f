package dev.operon.spring;

/** An {@code operon.*} property whose value does not fit: its name, its value and what would. */
public final class InvalidOperonProperty extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final String property;

  /** {@code property} is {@code value}; {@code expected} says what to set it to. */
  public InvalidOperonProperty(String property, String value, String expected) {
    super("Property " + property + " is '" + value + "'; set it to " + expected);
    this.property = property;
  }

  /** The property's name, as in application.properties ({@code operon.saga.workers}). */
  public String property() {
    return property;
  }
}

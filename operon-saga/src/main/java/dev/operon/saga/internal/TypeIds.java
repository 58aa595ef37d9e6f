package dev.operon.saga.internal;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The default type id of an activity class: its simple name in kebab case ({@code ReserveStock} is
 * {@code reserve-stock}), computed once per class (it is asked for on every step).
 */
public final class TypeIds {
  private static final Pattern WORD_START = Pattern.compile("([a-z0-9])([A-Z])");
  private static final ClassValue<String> IDS = new ClassValue<>() {
    @Override
    protected String computeValue(Class<?> type) {
      return WORD_START.matcher(type.getSimpleName()).replaceAll("$1-$2").toLowerCase(Locale.ROOT);
    }
  };

  private TypeIds() {}

  /** The kebab-case type id of {@code type}. */
  public static String of(Class<?> type) {
    return IDS.get(type);
  }
}

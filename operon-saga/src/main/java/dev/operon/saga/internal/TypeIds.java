package dev.operon.saga.internal;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The default type id of an activity class: its simple name in kebab case ({@code ReserveStock} is
 * {@code reserve-stock}), computed once per class (it is asked for on every step). Also tells
 * whether a class's name can serve as a default id or name at all.
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

  /**
   * Whether {@code type}'s name is not stable across builds and runs: a lambda (a hidden class
   * named like {@code Foo$$Lambda/0x...}), another hidden or synthetic class, or an anonymous
   * class (named by the compiler by position: {@code Foo$1}, with an empty simple name).
   */
  public static boolean unstableName(Class<?> type) {
    return type.isHidden() || type.isSynthetic() || type.isAnonymousClass();
  }

  /** What {@code type} is, for messages about an {@link #unstableName unstable name}: "a lambda", say. */
  public static String whatIs(Class<?> type) {
    if (type.isAnonymousClass()) {
      return "an anonymous class";
    }
    return type.getName().contains("$$Lambda") ? "a lambda" : "a hidden or synthetic class";
  }

  /**
   * Whether {@code instance}'s class (or a superclass, or an interface between them) overrides the
   * public no-argument method {@code name} that {@code declaredBy} declares with a default.
   */
  public static boolean overrides(Object instance, Class<?> declaredBy, String name) {
    try {
      return instance.getClass().getMethod(name).getDeclaringClass() != declaredBy;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }
}

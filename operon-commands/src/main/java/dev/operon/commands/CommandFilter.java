package dev.operon.commands;

/**
 * A step of the command pipeline. Filters run highest {@link #priority()} first, each deciding
 * whether and how to go on to the next one; the handler runs after the last. The built-in filters
 * and their priorities are listed in {@link FilterPriorities}; a filter of its own may take any
 * priority, between or around them.
 */
public interface CommandFilter {

  /** Where this filter runs: higher first. */
  int priority();

  /**
   * Runs this step for the command of {@code context}; {@code next.proceed()} runs the rest of the
   * pipeline and returns the handler's result.
   */
  Object invoke(CommandContext context, Next next) throws Exception;

  /** The rest of the pipeline after a filter. */
  @FunctionalInterface
  interface Next {
    Object proceed() throws Exception;
  }

  /** A filter of {@code priority} that runs {@code body}. */
  static CommandFilter of(int priority, Body body) {
    return new CommandFilter() {
      @Override
      public int priority() {
        return priority;
      }

      @Override
      public Object invoke(CommandContext context, Next next) throws Exception {
        return body.invoke(context, next);
      }

      @Override
      public String toString() {
        return "filter at " + priority;
      }
    };
  }

  /** What a filter made by {@link #of} does. */
  @FunctionalInterface
  interface Body {
    Object invoke(CommandContext context, Next next) throws Exception;
  }
}

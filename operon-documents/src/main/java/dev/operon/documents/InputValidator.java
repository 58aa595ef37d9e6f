package dev.operon.documents;

/**
 * Checks an action's input before anything is applied or stored: an input it rejects (by throwing
 * {@link IllegalArgumentException} with a message saying what is wrong) is refused with a clear
 * error, and no operation is recorded.
 */
@FunctionalInterface
public interface InputValidator<I> {
  void check(I input);
}

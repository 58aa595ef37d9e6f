package dev.operon.spring;

import dev.operon.commands.CommanderBuilder;

/** Changes the builder of the commander the starter makes, before it is built (filters, retention, ...). */
@FunctionalInterface
public interface CommanderCustomizer {
  void customize(CommanderBuilder builder);
}

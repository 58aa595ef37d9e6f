package dev.operon.commands;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a service object as the handler of the command type of its first parameter:
 * {@code R name(C command)} or {@code R name(C command, CommandContext context)}, where {@code C}
 * implements {@code Command<R>}. Register the object with {@link CommanderBuilder#service}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface HandlesCommand {}

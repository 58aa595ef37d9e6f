package dev.operon.commands;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an interface method whose results a {@link ComputedValues#proxy} keeps, one per argument
 * list, until they are invalidated. In invalidation mode a call invalidates the result for its
 * arguments instead of computing it, and returns null (zero, false for primitives).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Computed {}

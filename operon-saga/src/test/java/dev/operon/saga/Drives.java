package dev.operon.saga;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The rows of the saga state table an engine test drives its sagas through, written "From -> To"
 * ("Initial" and "Terminal" for the start and end points). After each such test the contract
 * checks on every backend that the sagas it ran really took these rows; {@link
 * SagaTableCoverageTest} checks that together the tests name every row.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface Drives {
  String[] value();
}

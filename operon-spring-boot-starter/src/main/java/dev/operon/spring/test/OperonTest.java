package dev.operon.spring.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.AliasFor;

/**
 * A Spring Boot test of an application that runs Operon, with time in the test's hands:
 * <ul>
 *   <li>the application's saga engine and commander run on a {@link
 *       dev.operon.runtime.ManualClock} (bean {@code operonClock}, inject it as {@code ManualClock}):
 *       a durable timer fires, and the outbox retries a failed event, only when the test advances
 *       it;
 *   <li>a {@link dev.operon.saga.testing.SagaTestEnvironment} bean runs the context's workflow and
 *       activity beans in memory with no threads, skipping time: a saga that sleeps a day finishes
 *       in milliseconds.
 * </ul>
 * Everything else is {@link SpringBootTest}'s: set {@code properties} (say {@code
 * operon.store=memory:} to keep Operon off the application's database) and {@code classes} as
 * there.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest
@Import(OperonTestConfiguration.class)
public @interface OperonTest {

  /** Properties of the test's context ({@link SpringBootTest#properties()}). */
  @AliasFor(annotation = SpringBootTest.class, attribute = "properties")
  String[] properties() default {};

  /** The classes the context is made of ({@link SpringBootTest#classes()}); by default the application's. */
  @AliasFor(annotation = SpringBootTest.class, attribute = "classes")
  Class<?>[] classes() default {};
}

package dev.operon.saga.internal;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import dev.operon.error.OperonException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

/** A parsed cron expression in Unix syntax (minute hour day-of-month month day-of-week), read in UTC. */
final class CronSchedule {
  private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  private final String expression;
  private final ExecutionTime times;

  private CronSchedule(String expression, ExecutionTime times) {
    this.expression = expression;
    this.times = times;
  }

  /** Parses {@code expression}; a VALIDATION error naming it and what is wrong if it is not valid. */
  static CronSchedule parse(String expression) {
    if (expression == null || expression.isBlank()) {
      throw OperonException.invalid("cron expression must not be blank, was '" + expression + "'");
    }
    try {
      return new CronSchedule(expression, ExecutionTime.forCron(PARSER.parse(expression).validate()));
    } catch (IllegalArgumentException e) {
      throw OperonException.invalid("cron expression '" + expression
          + "' is not valid Unix cron (minute hour day-of-month month day-of-week): " + e.getMessage());
    }
  }

  String expression() {
    return expression;
  }

  /** The first time after {@code after} (strictly) that the expression matches, if any. */
  Optional<Instant> nextAfter(Instant after) {
    return times.nextExecution(after.atZone(ZoneOffset.UTC)).map(t -> t.toInstant());
  }
}

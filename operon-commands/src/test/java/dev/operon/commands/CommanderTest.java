package dev.operon.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pipeline as a user of a commander sees it, with operations kept in memory. */
class CommanderTest {
  record Greet(String name) implements Command<String> {}

  record Count(String key) implements Command<Integer> {}

  record Nest(String name, boolean failInside) implements Command<String> {}

  record Lies(String name) implements Command<Integer> {}

  record Unhandled(String name) implements Command<Void> {}

  /** A service whose annotated methods handle commands. */
  public static final class Counters {
    final List<String> seen = new ArrayList<>();

    @HandlesCommand
    public int count(Count command, CommandContext context) {
      seen.add(command.key() + (Invalidation.isActive() ? ":invalidate" : ""));
      return command.key().length();
    }
  }

  @Test
  void aCommandReturnsItsHandlersResultFromALambdaOrAnAnnotatedMethod() {
    Counters counters = new Counters();
    try (Commander commander = Commander.builder()
        .handle(Greet.class, (command, context) -> "hello " + command.name())
        .service(counters)
        .build()) {
      assertThat(commander.call(new Greet("ada"))).isEqualTo("hello ada");
      assertThat(commander.call(new Count("four"))).isEqualTo(4);
      assertThat(counters.seen).containsExactly("four", "four:invalidate");
    }
  }

  @Test
  void filtersRunHighestPriorityFirstAroundTheBuiltInOnes() {
    List<String> order = new ArrayList<>();
    try (Commander commander = Commander.builder()
        .handle(Greet.class, (command, context) -> {
          order.add(Invalidation.isActive() ? "handler in invalidation mode" : "handler");
          return "hi";
        })
        .filter(recording(order, 50))
        .filter(recording(order, 20_000))
        .filter(recording(order, 5_000))
        .build()) {
      commander.call(new Greet("x"));
    }
    // the filter above the transient scope provider runs before the command has an operation; the
    // completion's invalidation pass hands the command to its handler again
    assertThat(order).containsExactly("20000 without operation", "5000 with operation", "50 with operation",
        "handler", "handler in invalidation mode");
  }

  private static CommandFilter recording(List<String> order, int priority) {
    return CommandFilter.of(priority, (context, next) -> {
      if (context.command() instanceof Greet && !Invalidation.isActive()) {
        boolean hasOperation;
        try {
          context.operation();
          hasOperation = true;
        } catch (OperonException e) {
          hasOperation = false;
        }
        order.add(priority + (hasOperation ? " with operation" : " without operation"));
      }
      return next.proceed();
    });
  }

  @Test
  void aTransientOperationHasALocalIdThisHostAndItsCommitTime() {
    List<Operation> completed = new ArrayList<>();
    try (Commander commander = Commander.builder().hostId("host-a")
        .handle(Greet.class, (command, context) -> {
          if (Invalidation.isActive()) {
            return null;
          }
          assertThat(context.isOutermost()).isTrue();
          assertThat(context.operation().loggedAt()).isEmpty();
          return context.operation().id();
        })
        .completionListener((operation, local) -> completed.add(operation))
        .build()) {
      String id = commander.call(new Greet("x"));
      assertThat(id).endsWith("-local").hasSize(26 + "-local".length());
      assertThat(completed).singleElement().satisfies(operation -> {
        assertThat(operation.id()).isEqualTo(id);
        assertThat(operation.isTransient()).isTrue();
        assertThat(operation.hostId()).isEqualTo("host-a");
        assertThat(operation.loggedAt()).isPresent();
        assertThat(operation.command()).isEqualTo(new Greet("x"));
      });
    }
  }

  @Test
  void nestedCommandsAreRecordedWithTheirItemsEvenWhenTheyThrowAndTheOuterItemsComeBack() {
    List<Operation> completed = new ArrayList<>();
    try (Commander commander = Commander.builder()
        .handle(Greet.class, (command, context) -> {
          if (Invalidation.isActive()) {
            return null;
          }
          assertThat(context.isOutermost()).isFalse();
          assertThat(context.outer().orElseThrow().command()).isInstanceOf(Nest.class);
          assertThat(context.operation().items().isEmpty()).as("a nested command starts with no items").isTrue();
          assertThat(context.items().isEmpty()).as("context items are local to one execution").isTrue();
          context.operation().items().set("greeted", command.name());
          if (command.name().equals("boom")) {
            throw new IllegalStateException("nested failure");
          }
          return "hi " + command.name();
        })
        .handle(Nest.class, (command, context) -> {
          if (Invalidation.isActive()) {
            return null;
          }
          context.items().set("local", 1);
          context.operation().items().set("outer", "kept");
          context.commander().call(new Greet(command.name()));
          if (command.failInside()) {
            try {
              context.commander().call(new Greet("boom"));
            } catch (OperonException expected) {
              assertThat(expected.getMessage()).contains(Greet.class.getName()).contains("nested failure");
            }
          }
          assertThat(context.operation().items().snapshot()).isEqualTo(Map.of("outer", "kept"));
          return "done";
        })
        .completionListener((operation, local) -> completed.add(operation))
        .build()) {
      commander.call(new Nest("ada", true));
    }
    assertThat(completed).singleElement().satisfies(operation -> {
      assertThat(operation.nestedOperations()).containsExactly(
          new NestedOperation(new Greet("ada"), Map.of("greeted", "ada")),
          new NestedOperation(new Greet("boom"), Map.of("greeted", "boom")));
      assertThat(operation.items().snapshot()).isEqualTo(Map.of("outer", "kept"));
    });
  }

  @Test
  void theInvalidationPassReplaysNestedCommandsThenTheRootWithTheItemsEachLeft() {
    List<String> invalidated = new ArrayList<>();
    try (Commander commander = Commander.builder()
        .handle(Greet.class, (command, context) -> {
          if (Invalidation.isActive()) {
            invalidated.add("greet " + command.name() + " " + context.operation().items().snapshot());
            return null;
          }
          context.operation().items().set("n", command.name().length());
          return "hi";
        })
        .handle(Nest.class, (command, context) -> {
          if (Invalidation.isActive()) {
            invalidated.add("nest " + context.operation().items().snapshot());
            assertThatThrownBy(context::persist).isInstanceOf(OperonException.class)
                .hasMessageContaining("invalidation mode");
            return null;
          }
          context.commander().call(new Greet("ab"));
          context.commander().call(new Greet("abc"));
          context.operation().items().set("root", true);
          return "done";
        })
        .build()) {
      commander.call(new Nest("x", false));
    }
    assertThat(invalidated).containsExactly("greet ab {n=2}", "greet abc {n=3}", "nest {root=true}");
  }

  @Test
  void aCommandWithoutAHandlerIsAnErrorNamingItsType() {
    try (Commander commander = Commander.builder().build()) {
      assertThatThrownBy(() -> commander.call(new Unhandled("x")))
          .isInstanceOfSatisfying(OperonException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.COMMAND))
          .hasMessageContaining("No handler for command " + Unhandled.class.getName());
    }
  }

  @Test
  void aHandlerThatReturnsTheWrongTypeIsAnErrorAndCompletesNothing() {
    List<Operation> completed = new ArrayList<>();
    @SuppressWarnings({"unchecked", "rawtypes"})
    CommandHandler<Lies, Integer> liar = (CommandHandler) (command, context) -> "not a number";
    try (Commander commander = Commander.builder().handle(Lies.class, liar)
        .completionListener((operation, local) -> completed.add(operation)).build()) {
      assertThatThrownBy(() -> commander.call(new Lies("x")))
          .isInstanceOfSatisfying(OperonException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.COMMAND))
          .hasMessageContaining(Lies.class.getName())
          .hasMessageContaining("returned a java.lang.String where the command declares java.lang.Integer");
    }
    assertThat(completed).isEmpty();
  }

  @Test
  void aHandlerThatThrowsFailsTheCallNamingTheCommandAndCompletesNothing() {
    List<Operation> completed = new ArrayList<>();
    try (Commander commander = Commander.builder()
        .handle(Greet.class, (command, context) -> {
          throw new IllegalArgumentException("no greeting for " + command.name());
        })
        .completionListener((operation, local) -> completed.add(operation)).build()) {
      assertThatThrownBy(() -> commander.call(new Greet("bob")))
          .isInstanceOfSatisfying(OperonException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.COMMAND);
            assertThat(e.operationId()).hasValueSatisfying(id -> assertThat(id).endsWith("-local"));
          })
          .hasMessageContaining("Command " + Greet.class.getName() + " failed: no greeting for bob")
          .hasCauseInstanceOf(IllegalArgumentException.class);
    }
    assertThat(completed).isEmpty();
  }

  @Test
  void aTransientOperationCannotHaveEvents() {
    try (Commander commander = Commander.builder()
        .handle(Greet.class, (command, context) -> {
          context.operation().addEvent("an event");
          return "unreachable";
        }).build()) {
      assertThatThrownBy(() -> commander.call(new Greet("x")))
          .hasMessageContaining(Greet.class.getName())
          .cause().isInstanceOfSatisfying(OperonException.class,
              e -> assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION))
          .hasMessageContaining("is transient and cannot have events");
    }
  }

  @Test
  void aCancelledCommandStopsBeforeItsHandlerAndNestedCommandsShareTheCancellation() {
    Cancellation cancellation = Cancellation.create();
    List<String> ran = new ArrayList<>();
    try (Commander commander = Commander.builder()
        .handle(Greet.class, (command, context) -> {
          ran.add(command.name());
          return "hi";
        })
        .handle(Nest.class, (command, context) -> {
          cancellation.cancel("the caller gave up");
          return context.commander().call(new Greet("nested"));
        }).build()) {
      assertThatThrownBy(() -> commander.call(new Nest("x", false), cancellation))
          .hasMessageContaining("the caller gave up");
      assertThatThrownBy(() -> commander.call(new Greet("late"), cancellation))
          .hasMessageContaining("the caller gave up");
    }
    assertThat(ran).isEmpty();
  }

  @Test
  void registeringTwoHandlersForOneCommandOrABadlyShapedMethodIsAConfigurationError() {
    CommanderBuilder builder = Commander.builder().handle(Greet.class, (command, context) -> "a");
    assertThatThrownBy(() -> builder.handle(Greet.class, (command, context) -> "b"))
        .hasMessageContaining("Command " + Greet.class.getName() + " has a handler already");
    assertThatThrownBy(() -> Commander.builder().service(new Object() {
      @HandlesCommand
      public String wrong(String notACommand) {
        return notACommand;
      }
    })).hasMessageContaining("must take (C command) or (C command, CommandContext context)");
  }

  @Test
  void outsideACommandThereIsNoCurrentContext() {
    assertThat(CommandContext.find()).isEmpty();
    assertThatThrownBy(CommandContext::current).hasMessageContaining("No command runs on this thread");
  }
}

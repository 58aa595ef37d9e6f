package dev.operon.spring;

import dev.operon.commands.Command;
import dev.operon.commands.CommandHandler;
import dev.operon.commands.CommanderBuilder;
import dev.operon.commands.EventHandler;
import dev.operon.commands.HandlesCommand;
import java.util.Arrays;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.ResolvableType;
import org.springframework.util.ClassUtils;

/**
 * The context's beans that handle commands and events, given to the commander's builder: every bean
 * with a {@link HandlesCommand} method (found on its class, so that a {@code @Transactional} proxy
 * of it is called and its transaction applies), every {@link CommandHandler} bean by the command
 * type it declares, and every {@link EventHandler} bean by its event type.
 */
final class CommanderBeans {
  private CommanderBeans() {}

  static void register(ConfigurableListableBeanFactory beans, CommanderBuilder builder) {
    for (String name : beans.getBeanDefinitionNames()) {
      Class<?> type = beans.getType(name, false);
      if (type == null) {
        continue;
      }
      Class<?> declared = ClassUtils.getUserClass(type);
      if (CommandHandler.class.isAssignableFrom(declared)) {
        handler(beans, name, builder);
      } else if (EventHandler.class.isAssignableFrom(declared)) {
        eventHandler(beans, name, builder);
      } else if (Arrays.stream(declared.getMethods()).anyMatch(m -> m.isAnnotationPresent(HandlesCommand.class))) {
        service(beans.getBean(name), declared, builder);
      }
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static <S> void service(Object bean, Class<S> declared, CommanderBuilder builder) {
    builder.service((S) bean, declared);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void handler(ConfigurableListableBeanFactory beans, String name, CommanderBuilder builder) {
    Class<?> command = declaredType(beans, name, CommandHandler.class);
    if (command == null || !Command.class.isAssignableFrom(command)) {
      throw new IllegalStateException("The CommandHandler bean '" + name + "' does not say which command it handles:"
          + " declare its type with the command, CommandHandler<PlaceOrder, String>, on its class or @Bean method");
    }
    builder.handle((Class) command, (CommandHandler) beans.getBean(name));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void eventHandler(ConfigurableListableBeanFactory beans, String name, CommanderBuilder builder) {
    Class<?> event = declaredType(beans, name, EventHandler.class);
    if (event == null) {
      throw new IllegalStateException("The EventHandler bean '" + name + "' does not say which events it handles:"
          + " declare its type with the event, EventHandler<OrderPlaced>, on its class or @Bean method");
    }
    builder.onEvent((Class) event, (EventHandler) beans.getBean(name));
  }

  /** The first type argument of {@code api} as bean {@code name} declares it (its @Bean method's return type, or its class). */
  private static Class<?> declaredType(ConfigurableListableBeanFactory beans, String name, Class<?> api) {
    ResolvableType declared = beans.getMergedBeanDefinition(name).getResolvableType().as(api);
    Class<?> type = declared.resolveGeneric(0);
    if (type == null) {
      Class<?> beanType = beans.getType(name, false);
      type = beanType == null ? null : ResolvableType.forClass(ClassUtils.getUserClass(beanType)).as(api).resolveGeneric(0);
    }
    return type == Object.class ? null : type;
  }
}

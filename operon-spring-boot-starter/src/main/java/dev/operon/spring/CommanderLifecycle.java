package dev.operon.spring;

import dev.operon.commands.Commander;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the commander's readers (operation log, outbox, trimmer) once the application context
 * has made every bean, and closes the commander early when the application stops, in the highest
 * phase with the saga engine: its readers stop before the web server's graceful shutdown and the
 * data sources. An event it was processing is processed again by a reader of this or another
 * process once its claim ends.
 */
final class CommanderLifecycle implements SmartLifecycle {
  private final Commander commander;
  private volatile boolean running;

  CommanderLifecycle(Commander commander) {
    this.commander = commander;
  }

  @Override
  public void start() {
    commander.startReaders();
    running = true;
  }

  @Override
  public void stop() {
    if (running) {
      running = false;
      commander.close();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return Integer.MAX_VALUE;
  }
}

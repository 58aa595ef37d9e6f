package dev.operon.commands.internal;

import dev.operon.notify.ChangeNotifier;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Announces commits on one channel without making the committer wait, and coalesces a burst: while
 * one announcement is being sent, any number of new ones become a single announcement sent right
 * after it. Other hosts read everything committed up to the announcement they receive, so one
 * announcement serves the whole burst; a lost one costs latency only, as every reader also polls.
 */
final class Announcer {
  private static final Logger LOG = LoggerFactory.getLogger(Announcer.class);
  private static final int IDLE = 0;
  private static final int SENDING = 1;
  private static final int SENDING_AND_OWED = 2;

  private final ChangeNotifier notifier;
  private final String channel;
  private final AtomicInteger state = new AtomicInteger(IDLE);

  Announcer(ChangeNotifier notifier, String channel) {
    this.notifier = notifier;
    this.channel = channel;
  }

  /** Announces a commit: now if nothing is being sent, else once more after the send in flight. */
  void announce() {
    while (true) {
      int current = state.get();
      if (current == IDLE) {
        if (state.compareAndSet(IDLE, SENDING)) {
          Thread.ofVirtual().name("operon-announce-" + channel).start(this::send);
          return;
        }
      } else if (current == SENDING) {
        if (state.compareAndSet(SENDING, SENDING_AND_OWED)) {
          return;
        }
      } else {
        return;
      }
    }
  }

  private void send() {
    while (true) {
      try {
        notifier.notify(channel);
      } catch (RuntimeException e) {
        LOG.debug("Could not announce on {}: {}", channel, e.toString());
      }
      if (state.compareAndSet(SENDING, IDLE)) {
        return;
      }
      state.set(SENDING);
    }
  }
}

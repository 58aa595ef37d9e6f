package dev.operon.nats;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.notify.ChangeNotifier;
import dev.operon.notify.ChannelListeners;
import dev.operon.notify.ChannelNames;
import dev.operon.notify.Subscription;
import dev.operon.spi.BackendOptions;
import dev.operon.spi.BackendUrl;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.TimeoutException;

/**
 * A {@link ChangeNotifier} over core NATS pub/sub: {@code notify(c)} publishes this host's id on
 * {@code <prefix>.notify.<c>}. Subscribers on other hosts are woken on the connection's dispatcher
 * thread; this host's own messages are ignored when they come back, because its own subscribers
 * are woken at once, locally. Lost messages (a reconnect) cost latency only: readers still poll.
 */
public final class NatsChangeNotifier implements ChangeNotifier {
  private static final Duration SUBSCRIBE_TIMEOUT = Duration.ofSeconds(5);

  private final Connection connection;
  private final boolean ownsConnection;
  private final String subjectPrefix;
  private final byte[] hostId;
  private final ChannelListeners listeners = new ChannelListeners("operon-nats-notify");
  private final Dispatcher dispatcher;

  private NatsChangeNotifier(Connection connection, boolean ownsConnection, BackendOptions options) {
    this.connection = connection;
    this.ownsConnection = ownsConnection;
    this.subjectPrefix = options.tablePrefix() + ".notify.";
    this.hostId = options.hostId().getBytes(StandardCharsets.UTF_8);
    this.dispatcher = connection.createDispatcher(this::onMessage);
  }

  /** Connects to {@code url}; the notifier closes the connection when closed. */
  public static NatsChangeNotifier open(BackendUrl url, BackendOptions options) {
    return new NatsChangeNotifier(
        NatsConnector.connect(url, ErrorKind.SIGNAL_DISPATCHER), true, options);
  }

  /** A notifier on a connection the caller keeps. */
  public static NatsChangeNotifier on(Connection connection, BackendOptions options) {
    return new NatsChangeNotifier(Objects.requireNonNull(connection, "connection"), false, options);
  }

  @Override
  public void notify(String channel) {
    ChannelNames.require(channel);
    listeners.wake(channel);
    connection.publish(subjectPrefix + channel, hostId);
  }

  @Override
  public Subscription subscribe(String channel, Runnable listener) {
    ChannelNames.require(channel);
    Objects.requireNonNull(listener, "listener");
    return listeners.subscribe(channel, listener, () -> {
      dispatcher.subscribe(subjectPrefix + channel);
      awaitServer(channel);
    }, () -> unsubscribeOnServer(channel));
  }

  @Override
  public void close() {
    listeners.close();
    if (dispatcher.isActive()) {
      connection.closeDispatcher(dispatcher);
    }
    if (ownsConnection) {
      NatsBackend.closeQuietly(connection);
    }
  }

  private void unsubscribeOnServer(String channel) {
    if (dispatcher.isActive()) {
      dispatcher.unsubscribe(subjectPrefix + channel);
    }
  }

  /** Waits until the server has the subscription, so a notify sent after subscribe is seen. */
  private void awaitServer(String channel) {
    try {
      connection.flush(SUBSCRIBE_TIMEOUT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw subscribeFailed(channel, e);
    } catch (TimeoutException e) {
      throw subscribeFailed(channel, e);
    }
  }

  private OperonException subscribeFailed(String channel, Exception cause) {
    return OperonException.of(ErrorKind.SIGNAL_DISPATCHER,
            "NATS did not confirm the subscription to channel '" + channel + "' within "
                + SUBSCRIBE_TIMEOUT.toSeconds() + " s: " + NatsConnector.describe(cause))
        .cause(cause).retryable(true).build();
  }

  private void onMessage(Message message) {
    if (Arrays.equals(hostId, message.getData())) {
      return;
    }
    listeners.wake(message.getSubject().substring(subjectPrefix.length()));
  }
}

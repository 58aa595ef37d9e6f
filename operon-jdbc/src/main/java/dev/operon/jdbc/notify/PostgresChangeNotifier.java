package dev.operon.jdbc.notify;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.notify.ChangeNotifier;
import dev.operon.notify.ChannelListeners;
import dev.operon.notify.ChannelNames;
import dev.operon.notify.Subscription;
import dev.operon.spi.BackendOptions;
import java.sql.SQLException;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link ChangeNotifier} over PostgreSQL LISTEN/NOTIFY, on two dedicated pgjdbc connections
 * (one listening, one sending; not from the pool, since LISTEN belongs to a session).
 *
 * <ul>
 *   <li>Channel names are hashed to PostgreSQL identifiers of at most 63 characters, including the
 *       table prefix ({@link ChannelHash}).
 *   <li>The payload is this host's id; a host ignores its own notifications and instead wakes its
 *       own subscribers at once, in {@link #notify}.
 *   <li>Sends are asynchronous and coalesced: a channel notified several times before the sender
 *       gets to it is sent once.
 *   <li>A lost connection is re-opened with back-off (1 s doubling to 10 s) and every channel is
 *       LISTENed to again; all subscribers are then woken, since notifications may have been missed.
 * </ul>
 */
public final class PostgresChangeNotifier implements ChangeNotifier {
  private final String prefix;
  private final String hostId;
  private final ChannelListeners listeners;
  private final Map<String, String> channelByHash = new ConcurrentHashMap<>();
  private final Map<String, String> hashByChannel = new ConcurrentHashMap<>();
  private final NotificationSender sender;
  private final ListenLoop listenLoop;

  /**
   * Connects to {@code jdbcUrl}; throws a retryable OperonException naming {@code redactedUrl} if
   * PostgreSQL cannot be reached.
   */
  public PostgresChangeNotifier(String jdbcUrl, Properties properties, String redactedUrl, BackendOptions options) {
    this.prefix = options.tablePrefix();
    this.hostId = options.hostId();
    PgConnector connector = new PgConnector(jdbcUrl, properties, redactedUrl);
    this.listeners = new ChannelListeners("operon-notify-pg-" + hostId);
    try {
      this.listenLoop = new ListenLoop(connector, new Handler(), "operon-notify-pg-listen-" + hostId);
    } catch (SQLException e) {
      listeners.close();
      throw OperonException.of(ErrorKind.SIGNAL_DISPATCHER, "Cannot LISTEN on " + redactedUrl + ": "
          + e.getMessage() + "; start PostgreSQL and check the URL").cause(e).retryable(true).build();
    }
    this.sender = new NotificationSender(connector, hostId, "operon-notify-pg-send-" + hostId);
  }

  @Override
  public void notify(String channel) {
    ChannelNames.require(channel);
    listeners.wake(channel);
    sender.send(pgChannel(channel));
  }

  @Override
  public Subscription subscribe(String channel, Runnable listener) {
    ChannelNames.require(channel);
    Objects.requireNonNull(listener, "listener");
    Subscription subscription =
        listeners.subscribe(channel, listener, () -> listenLoop.unlisten(pgChannel(channel)));
    listenLoop.listen(pgChannel(channel));
    return subscription;
  }

  /** The PostgreSQL channel of {@code channel}, hashed once (a commit notifies on every call). */
  private String pgChannel(String channel) {
    return hashByChannel.computeIfAbsent(channel, c -> {
      String hashed = ChannelHash.of(prefix, c);
      channelByHash.putIfAbsent(hashed, c);
      return hashed;
    });
  }

  /** Drops the LISTEN connection as if it had been lost; it reconnects with back-off. */
  void simulateConnectionLoss() {
    listenLoop.dropConnection();
  }

  @Override
  public void close() {
    listenLoop.close();
    sender.close();
    listeners.close();
  }

  private final class Handler implements ListenLoop.NotificationHandler {
    @Override
    public void received(String pgChannel, String payload) {
      if (hostId.equals(payload)) {
        return;
      }
      String channel = channelByHash.get(pgChannel);
      if (channel != null) {
        listeners.wake(channel);
      }
    }

    @Override
    public void reconnected() {
      listeners.wakeAll();
    }
  }
}

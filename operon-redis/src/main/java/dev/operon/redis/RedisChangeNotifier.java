package dev.operon.redis;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.notify.ChangeNotifier;
import dev.operon.notify.ChannelListeners;
import dev.operon.notify.ChannelNames;
import dev.operon.notify.Subscription;
import dev.operon.spi.BackendOptions;
import dev.operon.spi.BackendUrl;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ChangeNotifier} over Redis pub/sub (Lettuce): {@code notify(c)} publishes this host's
 * id on the Redis channel {@code <prefix>.<c>}. Messages carrying this host's own id are ignored,
 * because its own subscribers are woken at once, locally. Lettuce reconnects by itself and
 * re-subscribes the pub/sub connection's channels when it comes back; notifications sent while it
 * is down are lost, which costs latency only, since readers still poll.
 */
public final class RedisChangeNotifier implements ChangeNotifier {
  private static final Logger log = LoggerFactory.getLogger(RedisChangeNotifier.class);

  private final BackendUrl url;
  private final RedisClient client;
  private final boolean ownsClient;
  private final String keyPrefix;
  private final String hostId;
  private final ChannelListeners listeners = new ChannelListeners("operon-redis-notify");
  private final StatefulRedisConnection<String, String> publisher;
  private final StatefulRedisPubSubConnection<String, String> subscriber;

  private RedisChangeNotifier(
      BackendUrl url, RedisClient client, boolean ownsClient, BackendOptions options) {
    this.url = url;
    this.client = client;
    this.ownsClient = ownsClient;
    this.keyPrefix = options.tablePrefix() + ".";
    this.hostId = options.hostId();
    try {
      this.publisher = client.connect();
      this.subscriber = client.connectPubSub();
    } catch (RuntimeException e) {
      shutdownQuietly();
      throw RedisConnector.unreachable(url, e);
    }
    subscriber.addListener(new RedisPubSubAdapter<>() {
      @Override
      public void message(String channel, String message) {
        onMessage(channel, message);
      }
    });
  }

  /** Connects to {@code url}; the notifier shuts its client down when closed. */
  public static RedisChangeNotifier open(BackendUrl url, BackendOptions options) {
    return new RedisChangeNotifier(url, RedisConnector.client(url), true, options);
  }

  /** A notifier on a client the caller keeps and shuts down. */
  public static RedisChangeNotifier on(BackendUrl url, RedisClient client, BackendOptions options) {
    return new RedisChangeNotifier(url, Objects.requireNonNull(client, "client"), false, options);
  }

  @Override
  public void notify(String channel) {
    ChannelNames.require(channel);
    listeners.wake(channel);
    publisher.async().publish(keyPrefix + channel, hostId).exceptionally(e -> {
      log.debug("Redis publish on {} failed; subscribers will find the change by polling: {}",
          channel, e.toString());
      return 0L;
    });
  }

  @Override
  public Subscription subscribe(String channel, Runnable listener) {
    ChannelNames.require(channel);
    Objects.requireNonNull(listener, "listener");
    return listeners.subscribe(channel, listener, () -> subscribeOnServer(channel), () -> unsubscribeOnServer(channel));
  }

  @Override
  public void close() {
    listeners.close();
    subscriber.close();
    publisher.close();
    shutdownQuietly();
  }

  /** Returns once Redis confirmed the subscription, so a notify that follows is seen. */
  private void subscribeOnServer(String channel) {
    try {
      subscriber.sync().subscribe(keyPrefix + channel);
    } catch (RuntimeException e) {
      throw OperonException.of(ErrorKind.SIGNAL_DISPATCHER,
              "Redis at " + url.redacted() + " did not confirm the subscription to channel '"
                  + channel + "': " + RedisConnector.describe(e))
          .cause(e).retryable(true).build();
    }
  }

  private void unsubscribeOnServer(String channel) {
    if (subscriber.isOpen()) {
      subscriber.async().unsubscribe(keyPrefix + channel);
    }
  }

  /** Runs on Lettuce's event loop: hands the wake-up to the listener thread, never blocks. */
  private void onMessage(String key, String sender) {
    if (hostId.equals(sender) || !key.startsWith(keyPrefix)) {
      return;
    }
    listeners.wake(key.substring(keyPrefix.length()));
  }

  private void shutdownQuietly() {
    if (!ownsClient) {
      return;
    }
    try {
      client.shutdown();
    } catch (RuntimeException e) {
      log.debug("Shutting the Redis client down failed: {}", e.toString());
    }
  }
}

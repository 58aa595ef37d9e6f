package dev.operon.redis;

import dev.operon.notify.ChangeNotifier;
import dev.operon.spi.Backend;
import dev.operon.spi.BackendOptions;
import dev.operon.spi.BackendUrl;
import dev.operon.spi.Health;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

/** A Redis server opened by URL; it provides a change notifier (pub/sub). */
final class RedisBackend implements Backend {
  private final BackendUrl url;
  private final BackendOptions options;
  private final RedisClient client;
  private final StatefulRedisConnection<String, String> connection;
  private RedisChangeNotifier notifier;

  RedisBackend(BackendUrl url, BackendOptions options) {
    this.url = url;
    this.options = options;
    this.client = RedisConnector.client(url);
    try {
      this.connection = client.connect();
    } catch (RuntimeException e) {
      client.shutdown();
      throw RedisConnector.unreachable(url, e);
    }
  }

  @Override
  public BackendUrl url() {
    return url;
  }

  @Override
  public Health check() {
    try {
      RedisCommands<String, String> commands = connection.sync();
      String pong = commands.ping();
      if (!"PONG".equals(pong)) {
        return Health.failed("Redis at " + url + " answered PING with " + pong,
            RedisConnector.START_HINT);
      }
      return Health.ok("Redis " + version(commands.info("server")) + ", pub/sub ok");
    } catch (RuntimeException e) {
      return Health.failed("Redis at " + url + " failed: " + RedisConnector.describe(e),
          RedisConnector.START_HINT);
    }
  }

  @Override
  public synchronized ChangeNotifier notifier() {
    if (notifier == null) {
      notifier = RedisChangeNotifier.on(url, client, options);
    }
    return notifier;
  }

  @Override
  public synchronized void close() {
    if (notifier != null) {
      notifier.close();
    }
    connection.close();
    client.shutdown();
  }

  private static String version(String info) {
    for (String line : info.split("\r?\n")) {
      if (line.startsWith("redis_version:")) {
        return line.substring("redis_version:".length()).trim();
      }
    }
    return "(version unknown)";
  }
}

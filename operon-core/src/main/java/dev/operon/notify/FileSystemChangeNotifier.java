package dev.operon.notify;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.spi.BackendOptions;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ChangeNotifier} over a directory shared by the hosts (a local or network file system):
 * a notify replaces the channel's tracker file (see {@link TrackerFiles}); subscribers learn of it
 * through a {@link WatchService} on the directory and, because a watch service can be slow or miss
 * events on network file systems, by re-reading the files of their channels every
 * {@link BackendOptions#pollInterval()}. A host's own notifies wake its subscribers at once and are
 * ignored when seen again in the file.
 */
public final class FileSystemChangeNotifier implements ChangeNotifier {
  private static final Logger LOG = LoggerFactory.getLogger(FileSystemChangeNotifier.class);

  private final TrackerFiles files;
  private final ChannelListeners listeners;
  private final Map<String, String> channelByFile = new ConcurrentHashMap<>();
  private final Map<String, String> lastToken = new ConcurrentHashMap<>();
  private final WatchService watcher;
  private final Thread watchThread;
  private final ScheduledExecutorService poller;

  /** A notifier over {@code dir}, created if missing. */
  public FileSystemChangeNotifier(Path dir, BackendOptions options) {
    this.files = new TrackerFiles(dir, options.hostId());
    this.listeners = new ChannelListeners("operon-notify-fs-" + options.hostId());
    this.watcher = openWatcher(dir);
    this.watchThread = new Thread(this::watchLoop, "operon-notify-fs-watch-" + options.hostId());
    this.watchThread.setDaemon(true);
    this.watchThread.start();
    this.poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "operon-notify-fs-poll-" + options.hostId());
      thread.setDaemon(true);
      return thread;
    });
    long millis = Math.max(1, options.pollInterval().toMillis());
    poller.scheduleWithFixedDelay(this::checkAll, millis, millis, TimeUnit.MILLISECONDS);
  }

  private static WatchService openWatcher(Path dir) {
    try {
      Files.createDirectories(dir);
      WatchService service = dir.getFileSystem().newWatchService();
      dir.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
      return service;
    } catch (IOException e) {
      throw OperonException.of(ErrorKind.CONFIGURATION,
              "Cannot watch the notification directory " + dir + ": " + e.getMessage()
                  + "; give a directory this process can create, read and write")
          .cause(e).retryable(false).build();
    }
  }

  @Override
  public void notify(String channel) {
    ChannelNames.require(channel);
    try {
      files.touch(channel);
    } catch (IOException e) {
      LOG.warn("Cannot write the tracker file of channel '{}' in {}; other hosts learn of the change"
          + " only by polling their source", channel, files.dir(), e);
    }
    // After the touch: a token of another host that this touch replaced was written before this
    // wake-up, so ignoring our own token later loses nothing.
    listeners.wake(channel);
  }

  @Override
  public Subscription subscribe(String channel, Runnable listener) {
    ChannelNames.require(channel);
    Objects.requireNonNull(listener, "listener");
    channelByFile.put(TrackerFiles.fileName(channel), channel);
    lastToken.computeIfAbsent(channel, this::readQuietly);
    return listeners.add(channel, listener);
  }

  private void watchLoop() {
    try {
      while (true) {
        WatchKey key = watcher.take();
        for (WatchEvent<?> event : key.pollEvents()) {
          onEvent(event);
        }
        key.reset();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ClosedWatchServiceException e) {
      LOG.debug("Watch service of {} closed", files.dir());
    }
  }

  private void onEvent(WatchEvent<?> event) {
    if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
      checkAll();
      return;
    }
    String channel = channelByFile.get(String.valueOf(event.context()));
    if (channel != null) {
      check(channel);
    }
  }

  private void checkAll() {
    listeners.channels().forEach(this::check);
  }

  /** Wakes the channel's subscribers if another host wrote a new token since the last check. */
  private void check(String channel) {
    String token = readQuietly(channel);
    if (token.isEmpty()) {
      return;
    }
    String previous = lastToken.put(channel, token);
    if (!token.equals(previous) && !files.ownToken(token)) {
      listeners.wake(channel);
    }
  }

  private String readQuietly(String channel) {
    try {
      return files.read(channel);
    } catch (IOException e) {
      LOG.debug("Cannot read the tracker file of channel '{}'", channel, e);
      return "";
    }
  }

  @Override
  public void close() {
    poller.shutdownNow();
    try {
      watcher.close();
    } catch (IOException e) {
      LOG.debug("Closing the watch service of {}", files.dir(), e);
    }
    watchThread.interrupt();
    listeners.close();
  }
}

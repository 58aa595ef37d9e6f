package dev.operon.notify;

import dev.operon.error.OperonException;
import java.util.regex.Pattern;

/** Validates channel names, so that every notifier accepts the same names. */
public final class ChannelNames {
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_.:-]{1,200}");

  private ChannelNames() {}

  /** Returns {@code channel} if valid, else throws naming the value and the rule. */
  public static String require(String channel) {
    if (channel == null || !VALID.matcher(channel).matches()) {
      throw OperonException.invalid(
          "Invalid channel name '" + channel
              + "': use 1-200 characters of letters, digits, '-', '_', '.' and ':'");
    }
    return channel;
  }
}

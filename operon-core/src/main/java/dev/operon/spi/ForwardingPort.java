package dev.operon.spi;

/**
 * A port that wraps another one (to count, trace or disturb its calls) and writes through it. A
 * {@link Transactor} joins a forwarding port when it joins the port it forwards to, so wrapping a
 * store does not take its writes out of the backend's transactions.
 */
public interface ForwardingPort {

  /** The port every call is forwarded to. */
  Object forwardsTo();

  /** {@code port} with every forwarding layer taken off. */
  static Object unwrap(Object port) {
    Object inner = port;
    while (inner instanceof ForwardingPort forwarding) {
      inner = forwarding.forwardsTo();
    }
    return inner;
  }
}

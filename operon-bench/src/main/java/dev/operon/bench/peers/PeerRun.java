package dev.operon.bench.peers;

import java.io.PrintWriter;

/**
 * What every phase of a peers run works with: the scratch database it runs in, the run's settings
 * and the stream its progress goes to.
 */
record PeerRun(ScratchDatabase scratch, PeersSettings settings, PrintWriter progress) {}

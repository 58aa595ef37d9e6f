package dev.operon.bench.peers;

/** The DBOS workflow of the shapes, as its proxy is called: {@code steps} no-op steps in a row. */
public interface DbosChain {
  /** Runs {@code steps} steps, each returning its input + 1, from 0; returns {@code steps}. */
  Integer run(Integer steps);
}

package dev.operon.documents;

import java.util.Objects;

/**
 * Who signs an action: a user (an address on a network, as CAIP-2 and CAIP-10 name them) through
 * an app, whose public key ({@link ActionSigning#encode}) verifies the signatures.
 */
public record Signer(String userAddress, String networkId, long chainId, String appName, String appKey) {
  public Signer {
    Objects.requireNonNull(appKey, "appKey");
    userAddress = userAddress == null ? "" : userAddress;
    networkId = networkId == null ? "" : networkId;
    appName = appName == null ? "" : appName;
  }
}

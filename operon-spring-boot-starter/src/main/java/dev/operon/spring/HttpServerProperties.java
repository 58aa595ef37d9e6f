package dev.operon.spring;

/**
 * Operon's HTTP server (API and dashboard), mounted in the application's servlet container or on a
 * port of its own; needs operon-http on the class path.
 */
public class HttpServerProperties {
  /** Whether the application runs Operon's HTTP server. */
  private boolean enabled = false;

  /** The address it listens on. */
  private String host = "0.0.0.0";

  /** The port it listens on (0: any free one). */
  private int port = 7070;

  /** The file of API tokens it accepts (made with 'operon token add'). */
  private String tokensFile = "";

  /** Whether it serves without tokens, every caller an admin; it then listens on loopback only. */
  private boolean insecureLocal = false;

  /** Whether it refuses every change (a dashboard to look, not to act). */
  private boolean readOnly = false;

  /**
   * Where to mount the API and the dashboard in the application's own servlet container, under
   * its context path and behind its own security (e.g. /operon); empty: on a port of their own
   * with Operon's tokens.
   */
  private String mountPath = "";

  /** The application's roles whose users are Operon's admins, operators and viewers (when mounted). */
  private final Roles roles = new Roles();

  /** The application's roles (as in hasRole) of Operon's three roles. */
  public static class Roles {
    /** The role of Operon's admins. */
    private String admin = "OPERON_ADMIN";

    /** The role of Operon's operators. */
    private String operator = "OPERON_OPERATOR";

    /** The role of Operon's viewers. */
    private String viewer = "OPERON_VIEWER";

    public String getAdmin() {
      return admin;
    }

    public void setAdmin(String admin) {
      this.admin = admin;
    }

    public String getOperator() {
      return operator;
    }

    public void setOperator(String operator) {
      this.operator = operator;
    }

    public String getViewer() {
      return viewer;
    }

    public void setViewer(String viewer) {
      this.viewer = viewer;
    }
  }

  public String getMountPath() {
    return mountPath;
  }

  public void setMountPath(String mountPath) {
    this.mountPath = mountPath;
  }

  public Roles getRoles() {
    return roles;
  }

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public String getHost() {
    return host;
  }

  public void setHost(String host) {
    this.host = host;
  }

  public int getPort() {
    return port;
  }

  public void setPort(int port) {
    this.port = port;
  }

  public String getTokensFile() {
    return tokensFile;
  }

  public void setTokensFile(String tokensFile) {
    this.tokensFile = tokensFile;
  }

  public boolean isInsecureLocal() {
    return insecureLocal;
  }

  public void setInsecureLocal(boolean insecureLocal) {
    this.insecureLocal = insecureLocal;
  }

  public boolean isReadOnly() {
    return readOnly;
  }

  public void setReadOnly(boolean readOnly) {
    this.readOnly = readOnly;
  }
}

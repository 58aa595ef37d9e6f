package dev.operon.http;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.Function;

/**
 * Operon's API and dashboard registered in an application's servlet container: made when the
 * container initialises it, once the application's context path is known, so that the routes
 * answer under that path and the mount path. See {@link OperonHttp.Builder#servlet}.
 */
final class MountedServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private final String mountPath;
  private final transient Function<String, HttpServlet> making;
  private final transient Runnable stopping;
  private transient HttpServlet served;

  MountedServlet(String mountPath, Function<String, HttpServlet> making, Runnable stopping) {
    this.mountPath = mountPath;
    this.making = making;
    this.stopping = stopping;
  }

  @Override
  public void init() throws ServletException {
    served = making.apply(getServletContext().getContextPath() + mountPath);
    served.init(getServletConfig());
  }

  /**
   * Serves {@code request} with the mount path as part of its context path: the routes match what
   * follows it (Javalin strips the request's context path, which is the application's alone).
   */
  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws ServletException, IOException {
    String mounted = request.getContextPath() + request.getServletPath();
    served.service(new jakarta.servlet.http.HttpServletRequestWrapper(request) {
      @Override
      public String getContextPath() {
        return mounted;
      }

      @Override
      public String getServletPath() {
        return "";
      }
    }, response);
  }

  @Override
  public void destroy() {
    stopping.run();
    if (served != null) {
      served.destroy();
    }
  }
}

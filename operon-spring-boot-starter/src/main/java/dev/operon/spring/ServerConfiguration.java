package dev.operon.spring;

import dev.operon.commands.Commander;
import dev.operon.commands.OperationLogView;
import dev.operon.documents.Documents;
import dev.operon.http.ApiTokens;
import dev.operon.http.ContainerRoles;
import dev.operon.http.OperonHttp;
import dev.operon.saga.SagaEngine;
import dev.operon.tracking.Tracking;
import dev.operon.tracking.TrackingStores;
import java.nio.file.Path;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Operon's HTTP server, with {@code operon.server.enabled=true} and operon-http on the class path:
 * the API and the dashboard over the application's saga engine, documents, operation log and
 * tracked operations (those it has). Either on {@code operon.server.host}:{@code
 * operon.server.port}, answering the API tokens of {@code operon.server.tokens-file}; or, with
 * {@code operon.server.mount-path}, in the application's own servlet container under that path,
 * behind the application's security, its users' roles mapped by {@code operon.server.roles.*}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "dev.operon.http.OperonHttp")
@ConditionalOnProperty(prefix = "operon.server", name = "enabled", havingValue = "true")
class ServerConfiguration {

  @Bean
  @ConditionalOnMissingBean
  @org.springframework.boot.autoconfigure.condition.ConditionalOnExpression("'${operon.server.mount-path:}' == ''")
  OperonServer operonServer(OperonProperties properties, OperonBackends backends, ObjectProvider<SagaEngine> sagas,
      ObjectProvider<Documents> documents, ObjectProvider<Commander> commander, ObjectProvider<Tracking> tracking,
      @Qualifier(OperonAutoConfiguration.CLOCK) ObjectProvider<Clock> clock) {
    HttpServerProperties settings = properties.getServer();
    Clock time = OperonAutoConfiguration.clock(clock);
    return new OperonServer(() -> {
      OperonHttp.Builder builder = serving(settings, backends, sagas, documents, commander, tracking, time)
          .host(settings.getHost()).port(settings.getPort()).insecureLocal(settings.isInsecureLocal());
      if (!settings.getTokensFile().isBlank()) {
        builder.tokens(ApiTokens.load(Path.of(settings.getTokensFile())));
      }
      return builder.start();
    });
  }

  /** The API and the dashboard in the application's servlet container, under operon.server.mount-path. */
  @Bean
  @ConditionalOnMissingBean(name = "operonServlet")
  @org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication(
      type = org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type.SERVLET)
  @org.springframework.boot.autoconfigure.condition.ConditionalOnExpression("'${operon.server.mount-path:}' != ''")
  org.springframework.boot.web.servlet.ServletRegistrationBean<jakarta.servlet.Servlet> operonServlet(
      OperonProperties properties, OperonBackends backends, ObjectProvider<SagaEngine> sagas,
      ObjectProvider<Documents> documents, ObjectProvider<Commander> commander, ObjectProvider<Tracking> tracking,
      @Qualifier(OperonAutoConfiguration.CLOCK) ObjectProvider<Clock> clock) {
    HttpServerProperties settings = properties.getServer();
    Clock time = OperonAutoConfiguration.clock(clock);
    OperonHttp.Builder builder = serving(settings, backends, sagas, documents, commander, tracking, time);
    HttpServerProperties.Roles roles = settings.getRoles();
    var registration = new org.springframework.boot.web.servlet.ServletRegistrationBean<>(
        builder.servlet(settings.getMountPath(), new ContainerRoles(roles.getAdmin(), roles.getOperator(),
            roles.getViewer())), settings.getMountPath() + "/*");
    registration.setName("operonServlet");
    registration.setAsyncSupported(true);
    registration.setLoadOnStartup(1);
    return registration;
  }

  /** A server over what the application has: its saga engine, documents, operation log and tracked operations. */
  private static OperonHttp.Builder serving(HttpServerProperties settings, OperonBackends backends,
      ObjectProvider<SagaEngine> sagas, ObjectProvider<Documents> documents, ObjectProvider<Commander> commander,
      ObjectProvider<Tracking> tracking, Clock time) {
    OperonHttp.Builder builder = OperonHttp.builder().readOnly(settings.isReadOnly());
    sagas.ifAvailable(builder::sagas);
    documents.ifAvailable(builder::documents);
    if (commander.getIfAvailable() != null) {
      builder.operations(OperationLogView.of(backends.store(), time));
    }
    if (tracking.getIfAvailable() != null) {
      builder.tracking(TrackingStores.of(backends.store(), time)).auditLog(TrackingStores.auditLog(backends.store()));
    }
    return builder;
  }
}

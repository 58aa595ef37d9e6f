package dev.operon.spring;

import dev.operon.documents.DocumentModel;
import dev.operon.documents.Documents;
import dev.operon.documents.OperationStores;
import dev.operon.tracking.Telemetry;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Event-sourced documents, when the application has {@link DocumentModel} beans: a {@link
 * Documents} over them, its operations in Operon's store, its commits announced on Operon's
 * notifier (for sync), then each {@link DocumentsCustomizer}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(Documents.class)
@ConditionalOnProperty(prefix = "operon.documents", name = "enabled", matchIfMissing = true)
class DocumentsConfiguration {

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBean(DocumentModel.class)
  Documents documents(OperonBackends backends, OperonProperties properties, ObjectProvider<DocumentModel> models,
      ObjectProvider<DocumentsCustomizer> customizers, Telemetry telemetry,
      @Qualifier(OperonAutoConfiguration.CLOCK) ObjectProvider<Clock> clock) {
    DocumentsProperties settings = properties.getDocuments();
    Documents.Builder builder = Documents.builder().store(OperationStores.of(backends.store()))
        .notifier(backends.notifier()).clock(OperonAutoConfiguration.clock(clock)).telemetry(telemetry)
        .keyframeEvery(settings.getKeyframeEvery()).maxLoadedDocuments(settings.getMaxLoadedDocuments())
        .maxAttachmentBytes(settings.getMaxAttachmentSize().toBytes());
    models.orderedStream().forEach(builder::model);
    customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
    return builder.build();
  }
}

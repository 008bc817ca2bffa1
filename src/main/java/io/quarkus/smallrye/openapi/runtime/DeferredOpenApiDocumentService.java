package io.quarkus.smallrye.openapi.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import io.quarkus.arc.Unremovable;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import io.quarkus.smallrye.openapi.runtime.filter.AutoSecurityFilter;
import io.smallrye.openapi.runtime.io.Format;

/**
 * Quarkus' OpenAPI document service, which prepares the document only when it can be served.
 * <p>
 * At every start, whether or not {@code quarkus.smallrye-openapi.enabled} is on, Quarkus reads the document that the
 * build generated, runs its filters over it and writes it out as JSON and YAML: 60-90 ms on the main thread before
 * the port opens, about a tenth of the service's start-up. The document is built into the application so that an
 * operator can turn it on with a setting and no rebuild (docs/operations.md); when it is off, {@code /q/openapi} is
 * answered by a not-found handler that never asks for the document. So when it is off, the preparation waits here
 * until someone asks for the document (nothing does); when it is on, it happens at start, as before, so that the
 * first request to {@code /q/openapi} never does that work on the event loop.
 * <p>
 * It lives in Quarkus' package because the method that Quarkus' start-up calls, {@code prepareDocument}, is
 * package-private; a Quarkus upgrade that changes it fails this class' compilation, not the service at run time.
 * Overriding it takes one class loader for the application and Quarkus' own classes: so it is in the packaged
 * application only (prod), whose one class loader holds both. Dev mode and the tests load the application apart
 * from the libraries, where this class would not override the method: they keep Quarkus' service, and OpenApiIT
 * checks this one in the packaged jar, with the description off and turned on.
 */
@IfBuildProfile("prod")
@Alternative
@Priority(1)
@ApplicationScoped
@Unremovable
public class DeferredOpenApiDocumentService extends OpenApiDocumentService {

    private final List<Runnable> deferred = new ArrayList<>();

    @Override
    void prepareDocument(AutoSecurityFilter autoSecurityFilter, Map<OpenApiFilter.RunStage, List<String>> filters,
            String documentName) {
        if (served()) {
            super.prepareDocument(autoSecurityFilter, filters, documentName);
            return;
        }
        synchronized (deferred) {
            deferred.add(() -> super.prepareDocument(autoSecurityFilter, filters, documentName));
        }
    }

    @Override
    public byte[] getDocument(String documentName, Format format) {
        prepareDeferred();
        return super.getDocument(documentName, format);
    }

    private void prepareDeferred() {
        synchronized (deferred) {
            deferred.forEach(Runnable::run);
            deferred.clear();
        }
    }

    /** Quarkus' own rule for serving /q/openapi: the deprecated "enable" wins over "enabled" (default on). */
    private boolean served() {
        return config.getOptionalValue("quarkus.smallrye-openapi.enable", Boolean.class)
                .or(() -> config.getOptionalValue("quarkus.smallrye-openapi.enabled", Boolean.class))
                .orElse(true);
    }
}

package org.helxplatform.tycho.backend.kubernetes.internal;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteFilterBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.helxplatform.tycho.model.TychoSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routing without Ambassador ({@code TYCHO_ROUTING=ingress} or {@code gateway}): the system is rendered as behind a
 * proxy (its pod serves under {@code /private/<app>/<user>/<identifier>}, its Services are {@code ClusterIP}),
 * Ambassador's Mapping annotation is left out, and one Ingress or HTTPRoute per system, owned by its Deployment,
 * routes that path to its main Service. The Deployment carries the path in the annotation
 * {@value DeploymentFacts#ROUTE_PATH}, from which status computes the URL.
 */
final class Routes {

    private static final Logger LOG = LoggerFactory.getLogger(Routes.class);
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    private Routes() {
    }

    /**
     * The path routed to a system, as Ambassador's Mapping prefix has it without the connection string.
     *
     * @param system the system
     * @return {@code /private/<app>/<user>/<identifier>}
     */
    static String basePath(TychoSystem system) {
        return "/private/" + system.appId() + "/" + system.username() + "/" + system.identifier();
    }

    /**
     * Adapts a plan made as behind Ambassador for another route: drops the Mapping annotations and notes the path
     * on the Deployment.
     *
     * @param plan   the plan
     * @param system the system
     */
    static void adapt(StartPlan plan, TychoSystem system) {
        for (StartPlan.ServicePlan service : plan.services()) {
            Map<String, String> annotations = service.service().getMetadata().getAnnotations();
            if (annotations != null) {
                annotations.remove(ServiceFacts.AMBASSADOR_MAPPING);
                if (annotations.isEmpty()) {
                    service.service().getMetadata().setAnnotations(null);
                }
            }
        }
        ObjectMeta metadata = plan.deployment().getMetadata();
        Map<String, String> annotations = metadata.getAnnotations() == null ? new LinkedHashMap<>()
                : new LinkedHashMap<>(metadata.getAnnotations());
        annotations.put(DeploymentFacts.ROUTE_PATH, basePath(system) + "/" + system.connString());
        metadata.setAnnotations(annotations);
    }

    /**
     * The Ingress or HTTPRoute of a system.
     *
     * @param plan       the plan
     * @param deployment the created Deployment (its uid owns the route)
     * @param settings   the routing settings
     * @return the route, or {@code null} when the system has no Service to route to
     */
    static HasMetadata route(StartPlan plan, Deployment deployment, LaunchSettings settings) {
        TychoSystem system = plan.system();
        Service main = null;
        for (StartPlan.ServicePlan service : plan.services()) {
            if (service.service().getMetadata().getName().equals(system.name()) || main == null) {
                main = service.service();
            }
        }
        if (main == null || main.getSpec() == null || main.getSpec().getPorts() == null
                || main.getSpec().getPorts().isEmpty()) {
            return null;
        }
        ServicePort port = main.getSpec().getPorts().get(0);
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Labels.EXECUTOR, Labels.TYCHO);
        labels.put(Labels.GUID, system.identifier());
        labels.put(Labels.USERNAME, system.username());
        ObjectMeta metadata = new ObjectMetaBuilder().withName(system.name()).withLabels(labels)
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("Deployment")
                        .withName(deployment.getMetadata().getName()).withUid(deployment.getMetadata().getUid())
                        .withController(true).build())
                .build();
        String path = basePath(system);
        boolean rewrite = system.proxyRewrite().enabled() && system.proxyRewrite().target() != null;
        if (settings.routing() == LaunchSettings.Routing.INGRESS) {
            if (rewrite && WARNED.add(system.appId())) {
                LOG.warn("app {} asks for a proxy rewrite to {}; Ingress has no standard rewrite, so the path is"
                        + " passed on as it is (use TYCHO_ROUTING=gateway, or your controller's annotation in a"
                        + " template)", system.appId(), system.proxyRewrite().target());
            }
            return new IngressBuilder().withMetadata(metadata)
                    .withNewSpec()
                    .withIngressClassName(settings.ingressClass().isEmpty() ? null : settings.ingressClass())
                    .addNewRule().withNewHttp().addNewPath().withPath(path).withPathType("Prefix")
                    .withNewBackend().withNewService().withName(main.getMetadata().getName())
                    .withNewPort().withNumber(port.getPort()).endPort().endService().endBackend()
                    .endPath().endHttp().endRule()
                    .endSpec()
                    .build();
        }
        HTTPRouteRuleBuilder rule = new HTTPRouteRuleBuilder()
                .addNewMatch().withNewPath().withType("PathPrefix").withValue(path).endPath().endMatch()
                .addNewBackendRef().withName(main.getMetadata().getName()).withPort(port.getPort()).endBackendRef();
        if (rewrite) {
            rule.addToFilters(new HTTPRouteFilterBuilder().withType("URLRewrite").withNewUrlRewrite()
                    .withNewPath().withType("ReplacePrefixMatch")
                    .withReplacePrefixMatch(system.proxyRewrite().target()).endPath().endUrlRewrite().build());
        }
        return new HTTPRouteBuilder().withMetadata(metadata)
                .withNewSpec()
                .addNewParentRef().withName(settings.gatewayName())
                .withNamespace(settings.gatewayNamespace().isEmpty() ? null : settings.gatewayNamespace())
                .endParentRef()
                .addToRules(rule.build())
                .endSpec()
                .build();
    }
}

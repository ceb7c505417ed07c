package org.helxplatform.tycho.compiler.internal.render;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.helxplatform.tycho.compiler.internal.yaml.Yaml11;
import org.helxplatform.tycho.compiler.template.TemplateEngine;
import org.helxplatform.tycho.compiler.template.TemplateException;
import org.helxplatform.tycho.model.ModifyRequest;
import org.helxplatform.tycho.model.SystemService;
import org.helxplatform.tycho.model.TychoSystem;

/**
 * Renders a system through Tycho's templates into YAML documents, as trees of maps and lists.
 *
 * <p>The template names and the names inside their context are Python Tycho's, so its original templates work as
 * user templates: {@value #POD}, {@value #SERVICE}, {@value #NETWORK_POLICY} and {@value #PATCH}. User and
 * registry values cannot change the structure of the documents (deviation D6): names are validated by the model,
 * and free-text values reach the YAML only after it is parsed. Thread-safe.
 */
public final class SystemRenderer {

    /** The pod template; its output becomes the Deployment's pod template. */
    public static final String POD = "pod.yaml";
    /** The template of one Service per registry service. */
    public static final String SERVICE = "service.yaml";
    /** The NetworkPolicy template, used when a service restricts its clients. */
    public static final String NETWORK_POLICY = "policy/tycho-default-netpolicy.yaml";
    /** The patch template of a modify request. */
    public static final String PATCH = "patch.yaml";

    private final TemplateEngine engine;

    /**
     * Creates a renderer.
     *
     * @param engine the template engine, configured with the template directories
     */
    public SystemRenderer(TemplateEngine engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    /** @return the template engine */
    public TemplateEngine engine() {
        return engine;
    }

    /**
     * Starts rendering the documents of one start. The template context of the system (and the placeholders of its
     * free-text values) is built once and shared by every document of the start.
     *
     * @param system     the system
     * @param ambassador whether the cluster has the Ambassador service
     * @return the rendering, for one thread
     */
    public StartRendering start(TychoSystem system, boolean ambassador) {
        return new StartRendering(system, ambassador);
    }

    /**
     * Renders the pod of a system.
     *
     * @param system     the system
     * @param ambassador whether the cluster has the Ambassador service
     * @return the documents of {@value #POD}
     */
    public List<Map<String, Object>> pod(TychoSystem system, boolean ambassador) {
        return start(system, ambassador).pod();
    }

    /**
     * Renders the network policy of a system.
     *
     * @param system     the system
     * @param ambassador whether the cluster has the Ambassador service
     * @return the documents of {@value #NETWORK_POLICY}
     */
    public List<Map<String, Object>> networkPolicy(TychoSystem system, boolean ambassador) {
        return start(system, ambassador).networkPolicy();
    }

    /**
     * Renders the Service of one registry service.
     *
     * @param system         the system
     * @param ambassador     whether the cluster has the Ambassador service
     * @param service        the service
     * @param deploymentName the name of the system's Deployment, which owns the Service
     * @param deploymentUid  the uid of that Deployment (a placeholder when planning before it exists)
     * @return the documents of {@value #SERVICE}
     */
    public List<Map<String, Object>> service(TychoSystem system, boolean ambassador, SystemService service,
                                             String deploymentName, String deploymentUid) {
        return start(system, ambassador).service(service, deploymentName, deploymentUid);
    }

    /**
     * The documents of one start of a system: its pod, network policy and Services, rendered from one template
     * context. Not thread-safe: one start renders on one thread.
     */
    public final class StartRendering {

        private final TychoSystem system;
        private final ProtectedValues values = new ProtectedValues();
        private final TemplateContexts contexts = new TemplateContexts(values);
        private final Map<String, Object> systemContext;

        private StartRendering(TychoSystem system, boolean ambassador) {
            this.system = Objects.requireNonNull(system, "system");
            this.systemContext = contexts.system(system, ambassador);
        }

        /** @return the documents of {@value #POD} */
        public List<Map<String, Object>> pod() {
            Map<String, Object> context = new LinkedHashMap<>();
            context.put("system", systemContext);
            return render(POD, context, values);
        }

        /** @return the documents of {@value #NETWORK_POLICY} */
        public List<Map<String, Object>> networkPolicy() {
            Map<String, Object> context = new LinkedHashMap<>();
            context.put("system", systemContext);
            return render(NETWORK_POLICY, context, values);
        }

        /**
         * Renders the Service of one registry service.
         *
         * @param service        the service
         * @param deploymentName the name of the system's Deployment, which owns the Service
         * @param deploymentUid  the uid of that Deployment (a placeholder when planning before it exists)
         * @return the documents of {@value #SERVICE}
         */
        public List<Map<String, Object>> service(SystemService service, String deploymentName,
                                                 String deploymentUid) {
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("name", deploymentName);
            metadata.put("uid", deploymentUid);
            Map<String, Object> response = new LinkedHashMap<>();
            response.put("metadata", metadata);
            Map<String, Object> context = new LinkedHashMap<>();
            context.put("system", systemContext);
            context.put("service", contexts.service(system, service));
            context.put("create_deployment_api_response", response);
            return render(SERVICE, context, values);
        }
    }

    /**
     * Renders the patch of a modify request for one deployment.
     *
     * @param request    the request
     * @param containers the deployment's containers: name to image, in order
     * @return the patch; empty when the request changes nothing
     */
    public Map<String, Object> patch(ModifyRequest request, Map<String, String> containers) {
        // Label keys and values, quantities and images are valid names, but YAML would retype some of them when a
        // template prints them unquoted (label "0600" became 384, "yes" became true, cpu "2" the number 2): such
        // values reach the template as placeholders and come back as the same text (D6, D7).
        ProtectedValues values = new ProtectedValues();
        Map<String, Object> resources = new LinkedHashMap<>();
        if (request.cpus() != null) {
            resources.put("cpu", values.name(request.cpus()));
        }
        if (request.memory() != null) {
            resources.put("memory", values.name(request.memory()));
        }
        List<Object> containerList = new ArrayList<>();
        containers.forEach((name, image) -> {
            Map<String, Object> container = new LinkedHashMap<>();
            container.put("name", values.name(name));
            container.put("image", values.name(image));
            containerList.add(container);
        });
        Map<String, Object> labels = new LinkedHashMap<>();
        request.labels().forEach((key, value) -> labels.put(values.name(key), values.name(value)));
        Map<String, Object> modify = new LinkedHashMap<>();
        modify.put("guid", values.name(request.identifier()));
        modify.put("labels", labels);
        modify.put("resources", resources);
        modify.put("patch", request.changesSomething());
        modify.put("containers", containerList);
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("system_modify", modify);
        List<Map<String, Object>> documents = render(PATCH, context, values);
        return documents.isEmpty() ? new LinkedHashMap<>() : documents.get(0);
    }

    private List<Map<String, Object>> render(String template, Map<String, Object> context, ProtectedValues values) {
        String text = engine.render(template, context);
        boolean aliases = text.indexOf('*') >= 0;
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : Yaml11.loadAll(text, engine.resolve(template))) {
            if (document == null) {
                continue;
            }
            if (!(document instanceof Map<?, ?>)) {
                throw new TemplateException(template, -1, null, template + " rendered a YAML document that is not a"
                        + " mapping: " + document.getClass().getSimpleName());
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> restored = (Map<String, Object>) values.restore(document, aliases, template);
            documents.add(restored);
        }
        return documents;
    }
}

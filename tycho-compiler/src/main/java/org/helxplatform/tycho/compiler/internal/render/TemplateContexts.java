package org.helxplatform.tycho.compiler.internal.render;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.helxplatform.tycho.model.Container;
import org.helxplatform.tycho.model.DeploymentOptions;
import org.helxplatform.tycho.model.EnvVar;
import org.helxplatform.tycho.model.Probe;
import org.helxplatform.tycho.model.ResourceLimits;
import org.helxplatform.tycho.model.SecurityContext;
import org.helxplatform.tycho.model.SystemService;
import org.helxplatform.tycho.model.TychoSystem;
import org.helxplatform.tycho.model.Volume;

/**
 * The maps templates see, under the names Python Tycho's templates use ({@code system}, {@code service},
 * {@code containers}, {@code services}, {@code volumes} and the settings), so that existing templates work
 * unchanged. Templates get maps and lists, never records (Jinjava cannot read record
 * components). {@code null} stands for Python's {@code None}. Free-text values go through {@link ProtectedValues}.
 */
final class TemplateContexts {

    private final ProtectedValues protectedValues;

    TemplateContexts(ProtectedValues protectedValues) {
        this.protectedValues = protectedValues;
    }

    /**
     * The {@code system} map.
     *
     * @param system     the system
     * @param ambassador whether the cluster has the Ambassador service
     * @return the map
     */
    Map<String, Object> system(TychoSystem system, boolean ambassador) {
        DeploymentOptions options = system.options();
        DeploymentOptions.Storage storage = options.storage();
        String username = system.username();
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", name(system.name()));
        map.put("system_name", name(system.appId()));
        map.put("identifier", name(system.identifier()));
        map.put("username", name(username));
        map.put("username_all_hyphens", name(username.replace('_', '-').replace('.', '-')));
        map.put("host", text(system.host()));
        map.put("amb", ambassador);
        map.put("irods_enabled", options.irods().enabled());
        map.put("nfsrods_host", name(options.irods().nfsrodsHost()));
        map.put("dev_phase", options.devPhase());
        map.put("serviceaccount", name(system.serviceAccount()));
        map.put("enable_init_container", String.valueOf(options.initContainer().enabled()));
        map.put("create_home_dirs", String.valueOf(options.initContainer().createHomeDirs()));
        map.put("stdnfs_pvc", name(storage.claim()));
        map.put("parent_dir", name(storage.parentDir()));
        map.put("subpath_dir", name(storage.subpathDirFor(username)));
        map.put("shared_dir", name(storage.sharedDir()));
        map.put("security_context", securityContext(system.securityContext(), true));
        map.put("init_security_context", securityContext(system.initSecurityContext(), false));
        map.put("init_image_repository", name(options.initContainer().imageRepository()));
        map.put("init_image_tag", name(options.initContainer().imageTag()));
        map.put("init_cpus", options.initContainer().cpus());
        map.put("init_memory", options.initContainer().memory());
        map.put("gpu_resource_name", name(options.gpuResourceName()));
        Map<String, Object> proxyRewrite = new LinkedHashMap<>();
        proxyRewrite.put("enabled", system.proxyRewrite().enabled());
        proxyRewrite.put("target", name(system.proxyRewrite().target()));
        map.put("proxy_rewrite", proxyRewrite);
        map.put("gitea_integration", system.giteaIntegration());
        map.put("gitea_host", name(options.gitea().host()));
        map.put("gitea_user", name(options.gitea().user()));
        map.put("gitea_service_name", name(options.gitea().serviceName()));
        map.put("ambassador_id", name(options.ambassador().id()));
        map.put("conn_string", name(system.connString()));
        map.put("system_port", system.systemPort());
        map.put("access_token", text(system.principal().accessToken()));
        Map<String, Object> extraEnv = new LinkedHashMap<>();
        system.extraContainerEnv().forEach((key, value) -> extraEnv.put(name(key), text(value)));
        map.put("extra_container_env", extraEnv);
        Map<String, Object> principal = new LinkedHashMap<>();
        principal.put("username", name(username));
        principal.put("access_token", text(system.principal().accessToken()));
        principal.put("refresh_token", text(system.principal().refreshToken()));
        principal.put("host", text(system.host()));
        principal.put("extra_container_env", extraEnv);
        map.put("system_env", principal);
        List<Object> containers = new ArrayList<>();
        system.containers().forEach(container -> containers.add(container(container)));
        map.put("containers", containers);
        Map<String, Object> services = new LinkedHashMap<>();
        system.services().values().forEach(service -> services.put(service.name(), service(system, service)));
        map.put("services", services);
        List<Object> volumes = new ArrayList<>();
        system.volumes().forEach(volume -> volumes.add(volume(volume)));
        map.put("volumes", volumes);
        return map;
    }

    /**
     * The {@code service} map of {@code service.yaml}.
     *
     * @param system  the system
     * @param service the service
     * @return the map
     */
    Map<String, Object> service(TychoSystem system, SystemService service) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", name(service.name() + "-" + system.identifier()));
        map.put("name_noid", name(service.name()));
        map.put("port", service.port());
        map.put("clients", new ArrayList<Object>(service.clients()));
        return map;
    }

    private Map<String, Object> container(Container container) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", name(container.name()));
        map.put("image", name(container.image()));
        map.put("command", texts(container.command()));
        List<Object> env = new ArrayList<>();
        for (EnvVar variable : container.env()) {
            env.add(new ArrayList<Object>(List.of(name(variable.name()), text(variable.value()))));
        }
        map.put("env", env);
        map.put("limits", limits(container.limits()));
        map.put("requests", limits(container.requests()));
        map.put("ports", ports(container.ports()));
        map.put("expose", ports(container.expose()));
        map.put("volumes", texts(container.volumes()));
        map.put("liveness_probe", probe(container.livenessProbe()));
        map.put("readiness_probe", probe(container.readinessProbe()));
        return map;
    }

    private static Map<String, Object> limits(ResourceLimits limits) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("cpus", limits.cpus());
        map.put("gpus", limits.gpus());
        map.put("memory", limits.memory());
        map.put("ephemeralStorage", limits.ephemeralStorage());
        return map;
    }

    private static List<Object> ports(List<Integer> ports) {
        List<Object> list = new ArrayList<>();
        ports.forEach(port -> list.add(new LinkedHashMap<String, Object>(Map.of("containerPort", port))));
        return list;
    }

    private Map<String, Object> probe(Probe probe) {
        if (probe == null) {
            return null;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("cmd", probe.kind() == Probe.Kind.EXEC ? texts(probe.command()) : null);
        map.put("path", name(probe.path()));
        map.put("port", probe.port());
        Map<String, Object> headers = null;
        if (!probe.httpHeaders().isEmpty()) {
            headers = new LinkedHashMap<>();
            for (Map.Entry<String, String> header : probe.httpHeaders().entrySet()) {
                headers.put(name(header.getKey()), text(header.getValue()));
            }
        }
        map.put("httpHeaders", headers);
        map.put("delay", probe.initialDelaySeconds());
        map.put("period", probe.periodSeconds());
        map.put("threshold", probe.failureThreshold());
        return map;
    }

    private Map<String, Object> volume(Volume volume) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("container_name", name(volume.containerName()));
        map.put("pvc_name", volume.declaresClaim() ? name(volume.claimName()) : null);
        map.put("volume_name", name(volume.claimName()));
        map.put("path", name(volume.mountPath()));
        map.put("subpath", name(volume.subPath()));
        return map;
    }

    /** Only the ids that are set, as in Python Tycho (an NFSRODS_UID context holds just the user). */
    private static Map<String, Object> securityContext(SecurityContext context, boolean withFsGroup) {
        Map<String, Object> map = new LinkedHashMap<>();
        putIfSet(map, "run_as_user", context.runAsUser());
        putIfSet(map, "run_as_group", context.runAsGroup());
        if (withFsGroup) {
            putIfSet(map, "fs_group", context.fsGroup());
        }
        return map;
    }

    private static void putIfSet(Map<String, Object> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private String text(String value) {
        return protectedValues.protect(value);
    }

    private String name(String value) {
        return protectedValues.name(value);
    }

    private List<Object> texts(List<String> values) {
        List<Object> list = new ArrayList<>();
        values.forEach(value -> list.add(text(value)));
        return list;
    }
}

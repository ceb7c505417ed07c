package org.helxplatform.tycho.context.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks Pod Security Admission makes at level {@code restricted}, written from the Pod Security Standards
 * (https://kubernetes.io/docs/concepts/security/pod-security-standards/, "Baseline" and "Restricted" tables; the
 * restricted level includes every baseline control) and applied to a pod template as JSON. Independent of the code
 * that hardens pods, so that one checks the other.
 *
 * <p>Controls checked, by their names in the standard:
 * <ul>
 *   <li>Baseline: HostProcess; Host Namespaces; Privileged Containers; Capabilities; HostPath Volumes; Host Ports;
 *       Host Probes / Lifecycle Hooks; AppArmor; SELinux; /proc Mount Type; Seccomp; Sysctls.</li>
 *   <li>Restricted: Volume Types; Privilege Escalation; Running as Non-root; Running as Non-root user; Seccomp;
 *       Capabilities.</li>
 * </ul>
 */
final class RestrictedPodSecurity {

    /** Baseline "Capabilities": what may be added at baseline (restricted narrows it to NET_BIND_SERVICE). */
    private static final Set<String> BASELINE_CAPABILITIES = Set.of("AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER",
            "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT");
    /** Baseline "Sysctls": the safe set. */
    private static final Set<String> SAFE_SYSCTLS = Set.of("kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
            "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range",
            "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
            "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes");
    /** Restricted "Volume Types": the only volume sources allowed. */
    private static final Set<String> VOLUME_TYPES = Set.of("configMap", "csi", "downwardAPI", "emptyDir",
            "ephemeral", "persistentVolumeClaim", "projected", "secret");
    /** Baseline "SELinux": the allowed types. */
    private static final Set<String> SELINUX_TYPES = Set.of("container_t", "container_init_t", "container_kvm_t",
            "container_engine_t");

    private RestrictedPodSecurity() {
    }

    /**
     * The violations of a pod template.
     *
     * @param podTemplate {@code spec.template} of a Deployment: {@code metadata} and {@code spec}
     * @return one line per violation, naming the control and the field; empty when the pod is admitted
     */
    static List<String> violations(JsonNode podTemplate) {
        List<String> violations = new ArrayList<>();
        JsonNode spec = podTemplate.path("spec");
        JsonNode pod = spec.path("securityContext");
        List<JsonNode> containers = new ArrayList<>();
        spec.path("initContainers").forEach(containers::add);
        spec.path("containers").forEach(containers::add);
        spec.path("ephemeralContainers").forEach(containers::add);

        // Baseline: HostProcess
        check(violations, !isTrue(pod.at("/windowsOptions/hostProcess")), "HostProcess",
                "spec.securityContext.windowsOptions.hostProcess");
        // Baseline: Host Namespaces
        for (String field : List.of("hostNetwork", "hostPID", "hostIPC")) {
            check(violations, !isTrue(spec.path(field)), "Host Namespaces", "spec." + field);
        }
        // Baseline: HostPath Volumes; Restricted: Volume Types
        for (JsonNode volume : spec.path("volumes")) {
            String name = volume.path("name").asText();
            check(violations, !volume.has("hostPath"), "HostPath Volumes", "spec.volumes[" + name + "].hostPath");
            Iterator<String> fields = volume.fieldNames();
            while (fields.hasNext()) {
                String field = fields.next();
                check(violations, field.equals("name") || VOLUME_TYPES.contains(field), "Volume Types",
                        "spec.volumes[" + name + "]." + field);
            }
        }
        // Baseline: AppArmor (pod level, field and annotations)
        check(violations, appArmorAllowed(pod.path("appArmorProfile")), "AppArmor",
                "spec.securityContext.appArmorProfile.type");
        Iterator<Map.Entry<String, JsonNode>> annotations = podTemplate.path("metadata").path("annotations").fields();
        while (annotations.hasNext()) {
            Map.Entry<String, JsonNode> annotation = annotations.next();
            if (annotation.getKey().startsWith("container.apparmor.security.beta.kubernetes.io/")) {
                String value = annotation.getValue().asText();
                check(violations, value.equals("runtime/default") || value.startsWith("localhost/"), "AppArmor",
                        "metadata.annotations[" + annotation.getKey() + "]");
            }
        }
        // Baseline: SELinux (pod level)
        seLinux(violations, pod.path("seLinuxOptions"), "spec.securityContext");
        // Baseline: Sysctls
        for (JsonNode sysctl : pod.path("sysctls")) {
            check(violations, SAFE_SYSCTLS.contains(sysctl.path("name").asText()), "Sysctls",
                    "spec.securityContext.sysctls[" + sysctl.path("name").asText() + "]");
        }
        // Restricted: Running as Non-root user (pod level)
        check(violations, !isZero(pod.path("runAsUser")), "Running as Non-root user", "spec.securityContext.runAsUser");
        // Baseline and Restricted: Seccomp (pod level may not be Unconfined; restricted needs it set somewhere)
        String podSeccomp = pod.at("/seccompProfile/type").asText("");
        check(violations, !podSeccomp.equals("Unconfined"), "Seccomp", "spec.securityContext.seccompProfile.type");
        boolean podNonRoot = isTrue(pod.path("runAsNonRoot"));
        check(violations, pod.path("runAsNonRoot").isMissingNode() || pod.path("runAsNonRoot").isNull() || podNonRoot,
                "Running as Non-root", "spec.securityContext.runAsNonRoot");

        for (JsonNode container : containers) {
            String where = "container " + container.path("name").asText();
            JsonNode context = container.path("securityContext");
            // Baseline: HostProcess
            check(violations, !isTrue(context.at("/windowsOptions/hostProcess")), "HostProcess",
                    where + ".securityContext.windowsOptions.hostProcess");
            // Baseline: Privileged Containers
            check(violations, !isTrue(context.path("privileged")), "Privileged Containers",
                    where + ".securityContext.privileged");
            // Baseline and Restricted: Capabilities
            for (JsonNode capability : context.at("/capabilities/add")) {
                check(violations, BASELINE_CAPABILITIES.contains(capability.asText())
                        && capability.asText().equals("NET_BIND_SERVICE"), "Capabilities",
                        where + ".securityContext.capabilities.add[" + capability.asText() + "]");
            }
            boolean dropsAll = false;
            for (JsonNode capability : context.at("/capabilities/drop")) {
                dropsAll |= capability.asText().equals("ALL");
            }
            check(violations, dropsAll, "Capabilities", where + ".securityContext.capabilities.drop must hold ALL");
            // Baseline: Host Ports
            for (JsonNode port : container.path("ports")) {
                check(violations, port.path("hostPort").asInt(0) == 0, "Host Ports", where + ".ports[].hostPort");
            }
            // Baseline: Host Probes / Lifecycle Hooks
            for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
                for (String handler : List.of("httpGet", "tcpSocket")) {
                    JsonNode host = container.path(probe).path(handler).path("host");
                    check(violations, host.isMissingNode() || host.isNull() || host.asText().isEmpty()
                            || host.asText().equals("127.0.0.1") || host.asText().equals("::1"),
                            "Host Probes / Lifecycle Hooks", where + "." + probe + "." + handler + ".host");
                }
            }
            // Baseline: AppArmor, SELinux, /proc Mount Type
            check(violations, appArmorAllowed(context.path("appArmorProfile")), "AppArmor",
                    where + ".securityContext.appArmorProfile.type");
            seLinux(violations, context.path("seLinuxOptions"), where + ".securityContext");
            String procMount = context.path("procMount").asText("Default");
            check(violations, procMount.equals("Default"), "/proc Mount Type", where + ".securityContext.procMount");
            // Restricted: Privilege Escalation (must be set to false)
            JsonNode escalation = context.path("allowPrivilegeEscalation");
            check(violations, escalation.isBoolean() && !escalation.asBoolean(), "Privilege Escalation",
                    where + ".securityContext.allowPrivilegeEscalation must be false");
            // Restricted: Running as Non-root (container true, or unset when the pod sets true)
            JsonNode nonRoot = context.path("runAsNonRoot");
            boolean set = !nonRoot.isMissingNode() && !nonRoot.isNull();
            check(violations, set ? nonRoot.asBoolean() : podNonRoot, "Running as Non-root",
                    where + ".securityContext.runAsNonRoot");
            // Restricted: Running as Non-root user
            check(violations, !isZero(context.path("runAsUser")), "Running as Non-root user",
                    where + ".securityContext.runAsUser");
            // Restricted: Seccomp (container RuntimeDefault/Localhost, or unset when the pod sets one)
            String seccomp = context.at("/seccompProfile/type").asText("");
            check(violations, seccomp.isEmpty() ? podSeccomp.equals("RuntimeDefault") || podSeccomp.equals("Localhost")
                    : seccomp.equals("RuntimeDefault") || seccomp.equals("Localhost"), "Seccomp",
                    where + ".securityContext.seccompProfile.type");
        }
        return violations;
    }

    private static void seLinux(List<String> violations, JsonNode options, String where) {
        String type = options.path("type").asText("");
        check(violations, type.isEmpty() || SELINUX_TYPES.contains(type), "SELinux", where + ".seLinuxOptions.type");
        check(violations, options.path("user").asText("").isEmpty(), "SELinux", where + ".seLinuxOptions.user");
        check(violations, options.path("role").asText("").isEmpty(), "SELinux", where + ".seLinuxOptions.role");
    }

    private static boolean appArmorAllowed(JsonNode profile) {
        String type = profile.path("type").asText("");
        return type.isEmpty() || type.equals("RuntimeDefault") || type.equals("Localhost");
    }

    private static boolean isTrue(JsonNode node) {
        return node.isBoolean() && node.asBoolean();
    }

    private static boolean isZero(JsonNode node) {
        return node.isNumber() && node.asLong() == 0;
    }

    private static void check(List<String> violations, boolean allowed, String control, String field) {
        if (!allowed) {
            violations.add(control + ": " + field);
        }
    }
}

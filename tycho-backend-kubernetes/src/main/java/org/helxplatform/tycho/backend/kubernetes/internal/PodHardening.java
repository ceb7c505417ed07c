package org.helxplatform.tycho.backend.kubernetes.internal;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SELinuxOptions;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Sysctl;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.helxplatform.tycho.backend.StartException;
import org.helxplatform.tycho.compiler.TychoSettings;
import org.helxplatform.tycho.model.TychoSystem;

/**
 * The hardened pod profile ({@code TYCHO_APP_HARDENED}): what Pod Security Admission requires at level
 * {@code restricted} (https://kubernetes.io/docs/concepts/security/pod-security-standards/), applied to the pod a
 * template rendered, whichever template it was.
 *
 * <p>It sets what it can: {@code runAsNonRoot: true} and {@code seccompProfile: RuntimeDefault} on the pod,
 * {@code allowPrivilegeEscalation: false} and {@code capabilities.drop: [ALL]} on every container and init
 * container, and {@code automountServiceAccountToken: false} unless the app names a service account. What it cannot
 * set without changing what the app asked for fails the start before anything is created, naming the container and
 * the fix: a user id of 0, privileged containers, added capabilities other than {@code NET_BIND_SERVICE}, host
 * namespaces, ports or paths, volume types other than the restricted ones, unsafe sysctls, unconfined seccomp or
 * AppArmor, custom SELinux users, roles or types, an unmasked {@code /proc}.
 */
final class PodHardening {

    /** The volume types Pod Security {@code restricted} admits. */
    static final Set<String> ALLOWED_VOLUMES = Set.of("configMap", "csi", "downwardAPI", "emptyDir", "ephemeral",
            "persistentVolumeClaim", "projected", "secret");
    /** The sysctls Pod Security {@code baseline} (and so {@code restricted}) admits. */
    static final Set<String> SAFE_SYSCTLS = Set.of("kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
            "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range",
            "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
            "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes");
    private static final Set<String> SELINUX_TYPES = Set.of("container_t", "container_init_t", "container_kvm_t",
            "container_engine_t");
    private static final String RUNTIME_DEFAULT = "RuntimeDefault";

    private final TychoSystem system;

    private PodHardening(TychoSystem system) {
        this.system = system;
    }

    /**
     * Hardens a pod in place.
     *
     * @param pod    the pod spec rendered for the system
     * @param system the system, for the service account and the messages
     * @throws StartException when the pod needs something the profile forbids
     */
    static void apply(PodSpec pod, TychoSystem system) {
        new PodHardening(system).harden(pod);
    }

    private void harden(PodSpec pod) {
        refuse(Boolean.TRUE.equals(pod.getHostNetwork()), "the pod", "uses the host's network (hostNetwork)");
        refuse(Boolean.TRUE.equals(pod.getHostPID()), "the pod", "uses the host's process namespace (hostPID)");
        refuse(Boolean.TRUE.equals(pod.getHostIPC()), "the pod", "uses the host's IPC namespace (hostIPC)");
        for (Volume volume : pod.getVolumes() == null ? List.<Volume>of() : pod.getVolumes()) {
            String type = volumeType(volume);
            refuse(!ALLOWED_VOLUMES.contains(type), "volume " + volume.getName(), "is of type " + type
                    + ", which Pod Security restricted does not admit (admitted: configMap, csi, downwardAPI, emptyDir,"
                    + " ephemeral, persistentVolumeClaim, projected, secret); mount it through a PersistentVolumeClaim");
        }
        PodSecurityContext context = pod.getSecurityContext() == null ? new PodSecurityContext()
                : pod.getSecurityContext();
        refuse(Long.valueOf(0).equals(context.getRunAsUser()), "the pod", "runs as user 0 (root): set the app's"
                + " registry securityContext.runAsUser, or TYCHO_APP_RUN_AS_USER, to a non-root uid such as 1000");
        refuse(Boolean.FALSE.equals(context.getRunAsNonRoot()), "the pod", "sets runAsNonRoot: false");
        context.setRunAsNonRoot(true);
        context.setSeccompProfile(seccomp(context.getSeccompProfile(), "the pod"));
        checkSelinux(context.getSeLinuxOptions(), "the pod");
        refuse(context.getAppArmorProfile() != null && "Unconfined".equals(context.getAppArmorProfile().getType()),
                "the pod", "has an Unconfined AppArmor profile");
        for (Sysctl sysctl : context.getSysctls() == null ? List.<Sysctl>of() : context.getSysctls()) {
            refuse(!SAFE_SYSCTLS.contains(sysctl.getName()), "the pod", "sets the unsafe sysctl " + sysctl.getName());
        }
        refuse(context.getWindowsOptions() != null
                && Boolean.TRUE.equals(context.getWindowsOptions().getHostProcess()), "the pod", "is a host process");
        pod.setSecurityContext(context);
        if (system.serviceAccount() == null) {
            pod.setAutomountServiceAccountToken(false);
        }
        List<Container> containers = new ArrayList<>();
        if (pod.getInitContainers() != null) {
            containers.addAll(pod.getInitContainers());
        }
        containers.addAll(pod.getContainers());
        for (Container container : containers) {
            harden(container);
        }
    }

    private void harden(Container container) {
        String where = "container " + container.getName();
        for (ContainerPort port : container.getPorts() == null ? List.<ContainerPort>of() : container.getPorts()) {
            refuse(port.getHostPort() != null && port.getHostPort() != 0, where, "publishes host port "
                    + port.getHostPort());
        }
        SecurityContext context = container.getSecurityContext() == null ? new SecurityContext()
                : container.getSecurityContext();
        refuse(Boolean.TRUE.equals(context.getPrivileged()), where, "is privileged");
        refuse(Long.valueOf(0).equals(context.getRunAsUser()), where, "runs as user 0 (root): set the app's"
                + " registry securityContext.runAsUser (initRunAsUser for the init container), or"
                + " TYCHO_APP_RUN_AS_USER (INIT_SC_RUN_AS_USER), to a non-root uid such as 1000");
        refuse(Boolean.FALSE.equals(context.getRunAsNonRoot()), where, "sets runAsNonRoot: false");
        refuse(context.getProcMount() != null && !"Default".equals(context.getProcMount()), where,
                "mounts /proc " + context.getProcMount());
        refuse(context.getWindowsOptions() != null
                && Boolean.TRUE.equals(context.getWindowsOptions().getHostProcess()), where, "is a host process");
        refuse(context.getAppArmorProfile() != null && "Unconfined".equals(context.getAppArmorProfile().getType()),
                where, "has an Unconfined AppArmor profile");
        checkSelinux(context.getSeLinuxOptions(), where);
        if (context.getSeccompProfile() != null) {
            context.setSeccompProfile(seccomp(context.getSeccompProfile(), where));
        }
        Capabilities capabilities = context.getCapabilities() == null ? new Capabilities()
                : context.getCapabilities();
        List<String> added = capabilities.getAdd() == null ? List.of() : capabilities.getAdd();
        for (String capability : added) {
            refuse(!"NET_BIND_SERVICE".equals(capability), where, "adds the capability " + capability
                    + " (only NET_BIND_SERVICE may be added)");
        }
        capabilities.setDrop(new ArrayList<>(List.of("ALL")));
        context.setCapabilities(capabilities);
        context.setAllowPrivilegeEscalation(false);
        context.setRunAsNonRoot(true);
        container.setSecurityContext(context);
    }

    private SeccompProfile seccomp(SeccompProfile profile, String where) {
        if (profile == null || profile.getType() == null) {
            return new SeccompProfile(null, RUNTIME_DEFAULT);
        }
        refuse(!RUNTIME_DEFAULT.equals(profile.getType()) && !"Localhost".equals(profile.getType()), where,
                "has the seccomp profile " + profile.getType() + " (use RuntimeDefault or Localhost)");
        return profile;
    }

    private void checkSelinux(SELinuxOptions options, String where) {
        if (options == null) {
            return;
        }
        refuse(options.getType() != null && !options.getType().isEmpty() && !SELINUX_TYPES.contains(options.getType()),
                where, "sets the SELinux type " + options.getType());
        refuse(options.getUser() != null && !options.getUser().isEmpty(), where, "sets an SELinux user");
        refuse(options.getRole() != null && !options.getRole().isEmpty(), where, "sets an SELinux role");
    }

    private void refuse(boolean condition, String where, String problem) {
        if (condition) {
            throw new StartException(system.identifier(), "app " + system.appId() + ": with "
                    + TychoSettings.HARDENED + "=true (Pod Security restricted) " + where + " " + problem
                    + "; change the app or its template, or turn " + TychoSettings.HARDENED + " off");
        }
    }

    /** The type of a volume: the name of the one source it sets. */
    static String volumeType(Volume volume) {
        if (volume.getConfigMap() != null) {
            return "configMap";
        }
        if (volume.getCsi() != null) {
            return "csi";
        }
        if (volume.getDownwardAPI() != null) {
            return "downwardAPI";
        }
        if (volume.getEmptyDir() != null) {
            return "emptyDir";
        }
        if (volume.getEphemeral() != null) {
            return "ephemeral";
        }
        if (volume.getPersistentVolumeClaim() != null) {
            return "persistentVolumeClaim";
        }
        if (volume.getProjected() != null) {
            return "projected";
        }
        if (volume.getSecret() != null) {
            return "secret";
        }
        if (volume.getHostPath() != null) {
            return "hostPath";
        }
        if (volume.getNfs() != null) {
            return "nfs";
        }
        return "other";
    }
}

package org.helxplatform.tycho.backend.docker.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.helxplatform.tycho.model.Quantity;

/**
 * Everything the engine is asked to create for one system, computed from the system and the settings alone
 * ({@link SystemPlanner}): its network, its containers in start order, and the claim directories to prepare.
 *
 * @param identifier  the system identifier
 * @param networkName the network's name, the system name
 * @param labels      the network's labels
 * @param containers  the containers, in the system's order
 * @param directories claim directories to create before the containers start, each once, in order
 * @param claims      the claims the system mounts, each once, in order, with its first mount
 * @param warnings    parts of the system Docker cannot run, skipped, for the start result and the log; each names
 *                    the app
 */
record SystemPlan(String identifier, String networkName, Map<String, String> labels, List<ContainerPlan> containers,
                  List<ClaimDirectory> directories, List<Claim> claims, List<String> warnings) {

    // Copies into unmodifiable, order-preserving collections.
    SystemPlan {
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        containers = List.copyOf(containers);
        directories = List.copyOf(directories);
        claims = List.copyOf(claims);
        warnings = List.copyOf(warnings);
    }

    /**
     * A claim a system mounts: on Docker, a directory under the volume root, which exists when that directory does.
     *
     * @param name      the claim's name
     * @param directory its directory, {@code <volume root>/<name>}
     * @param container the first container that mounts it
     * @param mountPath where that container mounts it
     */
    record Claim(String name, Path directory, String container, String mountPath) {
    }

    /**
     * One container.
     *
     * @param name          the engine's container name, {@code <system name>-<service>}
     * @param service       the compose service (container) name: its host name and network alias
     * @param image         the image
     * @param entrypoint    the entrypoint as argv, {@code $(VAR)} expanded as Kubernetes does; empty for the
     *                      image's own (and then its command too)
     * @param env           {@code NAME=value} entries, in order
     * @param labels        the container's labels
     * @param user          {@code uid[:gid]} to run as, or {@code null} for the image's user
     * @param groups        supplementary groups (the pod's {@code fsGroup})
     * @param exposedPorts  container ports it declares
     * @param publishedPort the container port of its service, published on the host, or {@code null}
     * @param mounts        claim directories mounted into it
     * @param resources     its limits and reservations
     * @param health        its health check, or {@code null} to keep the image's
     * @param hardened      {@code TYCHO_APP_HARDENED}: all capabilities dropped, {@code no-new-privileges}, and (when
     *                      {@code user} is {@code null}) an image whose user is not root by number
     */
    record ContainerPlan(String name, String service, String image, List<String> entrypoint, List<String> env,
                         Map<String, String> labels, String user, List<String> groups, List<Integer> exposedPorts,
                         Integer publishedPort, List<Mount> mounts, Resources resources, Health health,
                         boolean hardened) {

        // Copies into unmodifiable, order-preserving collections.
        ContainerPlan {
            entrypoint = List.copyOf(entrypoint);
            env = List.copyOf(env);
            labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
            groups = List.copyOf(groups);
            exposedPorts = List.copyOf(exposedPorts);
            mounts = List.copyOf(mounts);
        }
    }

    /**
     * CPU, memory and GPUs as Docker takes them; {@code null} where unlimited.
     *
     * @param nanoCpus          the CPU limit
     * @param cpuShares         the relative CPU weight of the CPU request
     * @param memory            the memory limit in bytes (also the memory-and-swap limit: no swap, as on Kubernetes)
     * @param memoryReservation the memory request in bytes, a soft limit
     * @param gpus              GPUs to request from the engine's GPU driver, 0 for none
     */
    record Resources(Long nanoCpus, Integer cpuShares, Long memory, Long memoryReservation, int gpus) {

        private static final BigDecimal SHARES_PER_CPU = BigDecimal.valueOf(1024);

        /**
         * A CPU quantity as Docker's CPU limit.
         *
         * @param field the field holding it, for the message
         * @param cpus  a CPU quantity such as {@code 0.5} or {@code 250m}, or {@code null}
         * @return nano CPUs, or {@code null} for none ({@code null} or zero)
         * @throws org.helxplatform.tycho.model.InvalidValueException when it is not a quantity
         */
        static Long nanoCpus(String field, String cpus) {
            BigDecimal value = value(field, cpus);
            return value.signum() <= 0 ? null
                    : value.scaleByPowerOfTen(9).setScale(0, RoundingMode.HALF_UP).longValueExact();
        }

        /**
         * A CPU request as Docker's relative CPU weight, as Kubernetes gives it: 1024 per CPU, at least 2.
         *
         * @param field the field holding it, for the message
         * @param cpus  the requested CPUs, or {@code null}
         * @return the shares, or {@code null} for none
         * @throws org.helxplatform.tycho.model.InvalidValueException when it is not a quantity
         */
        static Integer cpuShares(String field, String cpus) {
            BigDecimal value = value(field, cpus);
            return value.signum() <= 0 ? null
                    : Math.max(2, value.multiply(SHARES_PER_CPU).setScale(0, RoundingMode.HALF_UP).intValueExact());
        }

        /**
         * A memory quantity as Docker's bytes.
         *
         * @param field  the field holding it, for the message
         * @param memory a memory quantity such as {@code 512Mi} or {@code 2G}, or {@code null}
         * @return bytes, or {@code null} for none ({@code null} or zero)
         * @throws org.helxplatform.tycho.model.InvalidValueException when it is not a quantity
         */
        static Long bytes(String field, String memory) {
            BigDecimal value = value(field, memory);
            return value.signum() <= 0 ? null : value.setScale(0, RoundingMode.HALF_UP).longValueExact();
        }

        private static BigDecimal value(String field, String quantity) {
            return quantity == null || quantity.isEmpty() ? BigDecimal.ZERO : Quantity.parse(field, quantity).value();
        }
    }

    /**
     * A claim directory bound into a container.
     *
     * @param hostPath  the directory, under the volume root
     * @param mountPath where it appears in the container
     */
    record Mount(Path hostPath, String mountPath) {
    }

    /**
     * A claim directory to create when missing, owned as Tycho's init container and the pod's {@code fsGroup}
     * would leave it.
     *
     * @param path          the directory
     * @param claim         the claim's directory, {@code <volume root>/<claim>}: {@code path} is it or lies under it,
     *                      and may not leave it through a symbolic link
     * @param stop          the directory it lies under that is created but not given away (the volume root)
     * @param owner         the user id to own it ({@code runAsUser}), or {@code null} to keep this process's
     * @param group         the group id to own it ({@code fsGroup}, else {@code runAsGroup}), or {@code null}
     * @param groupWritable whether the group is the pod's {@code fsGroup}: the directory is then made group-writable
     *                      and set-group-id, as Kubernetes prepares volumes for an {@code fsGroup}
     */
    record ClaimDirectory(Path path, Path claim, Path stop, Integer owner, Integer group, boolean groupWritable) {
    }

    /**
     * A Docker health check: the app's readiness (else liveness) probe.
     *
     * @param test               {@code CMD ...} or {@code CMD-SHELL script}, as Docker takes it
     * @param intervalSeconds    seconds between checks
     * @param timeoutSeconds     seconds one check may take
     * @param retries            failures in a row that make the container unhealthy
     * @param startPeriodSeconds seconds after start during which failures do not count
     * @param startInterval      seconds between checks during the start period (engines of API 1.44 and later;
     *                           older ones check first after a whole interval)
     */
    record Health(List<String> test, int intervalSeconds, int timeoutSeconds, int retries, int startPeriodSeconds,
                  int startInterval) {

        // Copies.
        Health {
            test = List.copyOf(test);
        }
    }
}

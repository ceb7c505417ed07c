package org.helxplatform.tycho.backend.kubernetes.simulated;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * Writes what a kubelet, a scheduler and a cloud's load balancer controller would write about a system, so that its
 * lifecycle can be tested where no pod runs: pod status through the status subresource, {@code Event} objects about
 * the pod ({@code involvedObject}), a load balancer's ingress address on a Service.
 *
 * <p>Works on the mock API server, where nothing makes pods ({@code makesPods}: it creates the pod of a
 * Deployment itself, owned by the Deployment), and on a real API server with a controller manager, where the
 * ReplicaSet controller makes the pod and it stays {@code Pending} (it waits for that pod).
 */
public final class SimulatedKubelet {

    private static final Duration POD_WAIT = Duration.ofSeconds(60);

    private final KubernetesClient client;
    private final String namespace;
    private final boolean makesPods;

    /**
     * @param client    the client
     * @param namespace the namespace systems run in
     * @param makesPods whether to create pods (no controller does, as on the mock server)
     */
    public SimulatedKubelet(KubernetesClient client, String namespace, boolean makesPods) {
        this.client = client;
        this.namespace = namespace;
        this.makesPods = makesPods;
    }

    /**
     * The pod of a system: made from its Deployment's template, or the one its ReplicaSet made.
     *
     * @param identifier the system identifier
     * @return the pod's name
     */
    public String pod(String identifier) {
        Instant deadline = Instant.now().plus(POD_WAIT);
        while (true) {
            List<Pod> pods = client.pods().inNamespace(namespace).withLabel("tycho-guid", identifier).list()
                    .getItems();
            if (!pods.isEmpty()) {
                return pods.get(0).getMetadata().getName();
            }
            if (makesPods) {
                return create(identifier);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("no pod of system " + identifier + " appeared in " + POD_WAIT
                        + "; is the controller manager running?");
            }
            sleep(100);
        }
    }

    private String create(String identifier) {
        Deployment deployment = client.apps().deployments().inNamespace(namespace).withLabel("tycho-guid", identifier)
                .list().getItems().stream().findFirst()
                .orElseThrow(() -> new IllegalStateException("system " + identifier + " has no Deployment"));
        String name = deployment.getMetadata().getName() + "-7d4b9c8f5-" + UUID.randomUUID().toString()
                .substring(0, 5);
        Pod pod = new PodBuilder()
                .withMetadata(new ObjectMetaBuilder().withName(name)
                        .withLabels(deployment.getSpec().getTemplate().getMetadata().getLabels())
                        .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("Deployment")
                                .withName(deployment.getMetadata().getName())
                                .withUid(deployment.getMetadata().getUid()).withController(true).build())
                        .build())
                .withSpec(deployment.getSpec().getTemplate().getSpec())
                .withStatus(new PodStatusBuilder().withPhase("Pending").build())
                .build();
        return client.pods().inNamespace(namespace).resource(pod).create().getMetadata().getName();
    }

    /** The scheduler placed the pod; its containers are being created. */
    public void scheduled(String identifier) {
        write(identifier, pod -> status("Pending", scheduled(), condition("Ready", "False", "ContainersNotReady", null),
                containers(pod, c -> waitingStatus(c, "ContainerCreating", null, 0))));
    }

    /**
     * The scheduler found no node.
     *
     * @param identifier the system identifier
     * @param message    the scheduler's message, e.g. {@code 0/3 nodes are available: 3 Insufficient nvidia.com/gpu.}
     */
    public void unschedulable(String identifier, String message) {
        write(identifier, pod -> status("Pending",
                condition("PodScheduled", "False", "Unschedulable", message)));
        event(identifier, "Warning", "FailedScheduling", message, 1, "default-scheduler");
    }

    /**
     * Every container waits for a reason, e.g. {@code ErrImagePull}, {@code ImagePullBackOff},
     * {@code InvalidImageName}, {@code CreateContainerConfigError}.
     *
     * @param identifier the system identifier
     * @param reason     the reason
     * @param message    the kubelet's message
     */
    public void waiting(String identifier, String reason, String message) {
        write(identifier, pod -> status("Pending", scheduled(), condition("Ready", "False", "ContainersNotReady", null),
                containers(pod, c -> waitingStatus(c, reason, message, 0))));
    }

    /**
     * The first container crashed and is backed off; the others run.
     *
     * @param identifier the system identifier
     * @param restarts   how often it was restarted
     * @param lastReason why its last run ended, e.g. {@code Error} or {@code OOMKilled}
     * @param exitCode   its exit code
     */
    public void crashing(String identifier, int restarts, String lastReason, int exitCode) {
        write(identifier, pod -> {
            List<ContainerStatus> statuses = new ArrayList<>();
            for (String container : names(pod)) {
                if (statuses.isEmpty()) {
                    statuses.add(new ContainerStatusBuilder(waitingStatus(container, "CrashLoopBackOff",
                            "back-off 40s restarting failed container=" + container, restarts))
                            .withNewLastState().withNewTerminated().withReason(lastReason).withExitCode(exitCode)
                            .endTerminated().endLastState().build());
                } else {
                    statuses.add(runningStatus(container, true));
                }
            }
            return status("Running", scheduled(), condition("Ready", "False", "ContainersNotReady", null),
                    statuses);
        });
    }

    /**
     * Every container runs; ready or not (a readiness probe that fails).
     *
     * @param identifier the system identifier
     * @param ready      whether the containers are ready
     */
    public void running(String identifier, boolean ready) {
        write(identifier, pod -> status("Running", scheduled(),
                condition("Ready", ready ? "True" : "False", ready ? null : "ContainersNotReady", null),
                containers(pod, c -> runningStatus(c, ready))));
    }

    /** The pod is ready. */
    public void ready(String identifier) {
        running(identifier, true);
    }

    /**
     * An Event about the system's pod, as the kubelet or scheduler writes it; repeated Events of one reason
     * are one Event whose count grows, as the kubelet reports them.
     *
     * @param identifier the system identifier
     * @param type       {@code Normal} or {@code Warning}
     * @param reason     e.g. {@code Pulling}, {@code FailedMount}, {@code Unhealthy}
     * @param message    the message
     * @param count      how often it happened
     */
    public void event(String identifier, String type, String reason, String message, int count) {
        event(identifier, type, reason, message, count, "kubelet");
    }

    private void event(String identifier, String type, String reason, String message, int count, String component) {
        Pod pod = client.pods().inNamespace(namespace).withName(pod(identifier)).get();
        String name = pod.getMetadata().getName() + "." + reason.toLowerCase();
        String now = Instant.now().toString();
        Event event = new EventBuilder()
                .withMetadata(new ObjectMetaBuilder().withName(name).build())
                .withNewInvolvedObject().withKind("Pod").withApiVersion("v1").withName(pod.getMetadata().getName())
                .withNamespace(namespace).withUid(pod.getMetadata().getUid()).endInvolvedObject()
                .withType(type).withReason(reason).withMessage(message).withCount(count)
                .withFirstTimestamp(now).withLastTimestamp(now)
                .withNewSource().withComponent(component).endSource()
                .withReportingComponent(component).withReportingInstance("simulated")
                .build();
        Event existing = client.v1().events().inNamespace(namespace).withName(name).get();
        if (existing == null) {
            client.v1().events().inNamespace(namespace).resource(event).create();
        } else {
            client.v1().events().inNamespace(namespace).withName(name).edit(e -> {
                e.setCount(count);
                e.setMessage(message);
                e.setLastTimestamp(now);
                return e;
            });
        }
    }

    /**
     * A cloud's load balancer controller assigns an address to every LoadBalancer Service of the system.
     *
     * @param identifier the system identifier
     * @param address    the address
     */
    public void loadBalancer(String identifier, String address) {
        for (Service service : client.services().inNamespace(namespace).withLabel("tycho-guid", identifier).list()
                .getItems()) {
            if ("LoadBalancer".equals(service.getSpec().getType())) {
                client.services().inNamespace(namespace).withName(service.getMetadata().getName()).editStatus(s -> {
                    if (s.getStatus() == null) {
                        s.setStatus(new io.fabric8.kubernetes.api.model.ServiceStatus());
                    }
                    s.getStatus().setLoadBalancer(new io.fabric8.kubernetes.api.model.LoadBalancerStatus(
                            List.of(new LoadBalancerIngressBuilder().withIp(address).build())));
                    return s;
                });
            }
        }
    }

    private void write(String identifier, Function<Pod, PodStatus> status) {
        String name = pod(identifier);
        client.pods().inNamespace(namespace).withName(name).editStatus(pod -> {
            pod.setStatus(status.apply(pod));
            return pod;
        });
    }

    private static List<String> names(Pod pod) {
        return pod.getSpec().getContainers().stream().map(c -> c.getName()).toList();
    }

    private static List<ContainerStatus> containers(Pod pod, Function<String, ContainerStatus> status) {
        return names(pod).stream().map(status).toList();
    }

    private static ContainerStatus waitingStatus(String container, String reason, String message, int restarts) {
        return new ContainerStatusBuilder().withName(container).withImage("image").withImageID("")
                .withReady(false).withRestartCount(restarts).withStarted(false)
                .withNewState().withNewWaiting().withReason(reason).withMessage(message).endWaiting().endState()
                .build();
    }

    private static ContainerStatus runningStatus(String container, boolean ready) {
        return new ContainerStatusBuilder().withName(container).withImage("image").withImageID("")
                .withReady(ready).withRestartCount(0).withStarted(true)
                .withNewState().withNewRunning().withStartedAt(Instant.now().toString()).endRunning().endState()
                .build();
    }

    private static PodCondition scheduled() {
        return condition("PodScheduled", "True", null, null);
    }

    private static PodCondition condition(String type, String status, String reason, String message) {
        return new PodConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
                .withLastTransitionTime(Instant.now().toString()).build();
    }

    private static PodStatus status(String phase, PodCondition... conditions) {
        return new PodStatusBuilder().withPhase(phase).withConditions(conditions).build();
    }

    private static PodStatus status(String phase, PodCondition scheduled, PodCondition ready,
                                    List<ContainerStatus> containers) {
        return new PodStatusBuilder().withPhase(phase).withConditions(scheduled, ready)
                .withContainerStatuses(containers).build();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}

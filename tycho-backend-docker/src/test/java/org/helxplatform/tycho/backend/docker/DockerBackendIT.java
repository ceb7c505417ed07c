package org.helxplatform.tycho.backend.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Container;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.helxplatform.tycho.backend.Backend;
import org.helxplatform.tycho.backend.StartException;
import org.helxplatform.tycho.backend.docker.internal.DockerSettings;
import org.helxplatform.tycho.model.DeploymentOptions;
import org.helxplatform.tycho.model.ModifyRequest;
import org.helxplatform.tycho.model.ModifyResult;
import org.helxplatform.tycho.model.ResourceLimits;
import org.helxplatform.tycho.model.SecurityContext;
import org.helxplatform.tycho.model.ServiceEndpoint;
import org.helxplatform.tycho.model.StartResult;
import org.helxplatform.tycho.model.StatusQuery;
import org.helxplatform.tycho.model.SystemStatus;
import org.helxplatform.tycho.model.TychoSystem;
import org.helxplatform.tycho.model.Volume;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Docker backend against a real engine: systems of busybox web servers start, answer over HTTP at the endpoint
 * the backend reports, reach each other by service name, write their claim directories, change CPU and memory
 * live, and leave nothing behind when deleted; starts that fail (an image that cannot be pulled, a taken port, an
 * engine error part way) leave no container or network. The opt-in security measures as the engine applies them: a
 * hardened system runs as its non-root user without capabilities or new privileges, one that would run as root is
 * refused; a missing claim fails a start that requires claims, else its directory is created with a warning.
 * Skipped, saying why, when no engine answers.
 *
 * <p>Prints {@code docker backend: N systems started, N answered over HTTP, 0 left behind}.
 */
class DockerBackendIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final AtomicInteger STARTED = new AtomicInteger();
    private static final AtomicInteger ANSWERED = new AtomicInteger();
    private static final AtomicLong LEFT_BEHIND = new AtomicLong();
    /** Identifiers of the systems the current test started and has not deleted: removed after it. */
    private static final List<String> STARTED_HERE = new CopyOnWriteArrayList<>();
    private static DockerEngine engine;
    private static long began;

    @TempDir
    Path volumes;

    private Backend backend;

    @BeforeAll
    static void openEngine() {
        engine = DockerEngine.open();
        began = System.nanoTime();
    }

    @AfterAll
    static void summary() {
        if (engine != null) {
            engine.close();
            System.out.println("docker backend: " + STARTED.get() + " systems started, " + ANSWERED.get()
                    + " answered over HTTP, " + LEFT_BEHIND.get() + " left behind");
            System.out.println("docker backend ITs took " + Duration.ofNanos(System.nanoTime() - began).toMillis()
                    + " ms");
        }
    }

    @BeforeEach
    void createBackend() {
        backend = engine.backend(volumes, Map.of());
    }

    @AfterEach
    void removeWhatIsLeftAndCloseBackend() {
        try {
            // Only systems a failed assertion left running; the tests count what delete leaves.
            STARTED_HERE.forEach(identifier -> backend.delete(identifier));
            STARTED_HERE.clear();
        } finally {
            backend.close();
        }
    }

    @Test
    void anAppAnswersAtItsEndpointIsReadyAndLeavesNothingBehind() throws Exception {
        TychoSystem system = TestSystems.webApp("web", "alice");

        StartResult started = start(system);
        ServiceEndpoint endpoint = started.services().get("web");
        assertThat(endpoint.ipAddress()).isEqualTo("127.0.0.1");
        assertThat(endpoint.externalPort()).isPositive();
        assertThat(endpoint.port()).isEqualTo(TestSystems.PORT);
        assertThat(endpoint.clusterAddress()).isEqualTo("web:" + TestSystems.PORT);
        assertThat(started.url()).isEqualTo("http://127.0.0.1:" + endpoint.externalPort() + "/");
        assertThat(answer(endpoint)).isEqualTo(BusyboxImage.PAGE);

        SystemStatus status = DockerEngine.awaitReady(backend, system.identifier(), WAIT);
        assertThat(status.name()).isEqualTo(system.name());
        assertThat(status.username()).isEqualTo("alice");
        assertThat(status.ipAddress()).isEqualTo("127.0.0.1");
        assertThat(status.port()).isEqualTo(endpoint.externalPort());
        assertThat(status.url()).isEqualTo(started.url());
        assertThat(status.state().reason()).isEqualTo("ContainersReady");
        assertThat(status.utilization().get("web")).containsEntry("cpu", "0.5").containsEntry("memory", "64M");
        assertThat(backend.status(StatusQuery.user("alice"))).extracting(SystemStatus::identifier)
                .contains(system.identifier());

        deleteAndCount(system);
    }

    @Test
    void containersReachEachOtherByServiceNameOnTheSystemNetwork() throws Exception {
        // "front" serves what it fetched from "back" by its service name, so its page proves the name resolves.
        org.helxplatform.tycho.model.Container front = TestSystems.web("front", TestSystems.PORT)
                .command(List.of("sh", "-c", "mkdir -p /tmp/www && until wget -q -O /tmp/www/index.html"
                        + " http://back:9090/; do sleep 0.2; done; exec httpd -f -p 8080 -h /tmp/www"))
                .build();
        org.helxplatform.tycho.model.Container back = TestSystems.web("back", 9090).build();
        TychoSystem system = TestSystems.system("front", "bob", front, back).build();

        StartResult started = start(system);

        assertThat(started.services()).containsOnlyKeys("front");
        assertThat(answer(started.services().get("front"))).isEqualTo(BusyboxImage.PAGE);
        DockerEngine.awaitReady(backend, system.identifier(), WAIT);
        deleteAndCount(system);
    }

    @Test
    void claimDirectoriesAreCreatedForThePodsUserAndKeptAfterDelete() throws Exception {
        org.helxplatform.tycho.model.Container web = TestSystems.web("files", TestSystems.PORT)
                .command(List.of("sh", "-c", "id -u > /home/carol/uid && id -G > /home/carol/groups"
                        + " && exec httpd -f -p 8080 -h /www"))
                .build();
        TychoSystem system = TestSystems.system("files", "carol", web)
                .securityContext(new SecurityContext("1234", "1234", "2345"))
                .volumes(List.of(new Volume("files", "stdnfs", "home/carol", "/home/carol", true)))
                .build();

        StartResult started = start(system);
        assertThat(answer(started.services().get("files"))).isEqualTo(BusyboxImage.PAGE);

        Path home = volumes.resolve("stdnfs/home/carol");
        waitForFile(home.resolve("uid"));
        assertThat(Files.readString(home.resolve("uid"), StandardCharsets.UTF_8).strip()).isEqualTo("1234");
        assertThat(Files.readString(home.resolve("groups"), StandardCharsets.UTF_8)).contains("2345");
        if (isRoot()) {
            assertThat(Files.getAttribute(home, "unix:uid")).isEqualTo(1234);
            assertThat(Files.getAttribute(home, "unix:gid")).isEqualTo(2345);
            assertThat(((Integer) Files.getAttribute(home, "unix:mode")) & 07777).isEqualTo(02775);
            assertThat(Files.getPosixFilePermissions(volumes)).contains(PosixFilePermission.OWNER_WRITE);
        }

        deleteAndCount(system);
        assertThat(home.resolve("uid")).exists();
    }

    @Test
    void modifyChangesCpuAndMemoryOfTheRunningContainersAndSaysLabelsAreNotApplied() throws Exception {
        TychoSystem system = TestSystems.webApp("tuned", "dave");
        StartResult started = start(system);
        String before = containerOf(system).getId();

        ModifyResult result = backend.modify(new ModifyRequest(system.identifier(), Map.of("tier", "gold"), "1",
                "128M"));

        assertThat(result.patches()).hasSize(2);
        assertThat(result.patches().get(0)).containsEntry("container", "tuned");
        assertThat(result.patches().get(1)).containsEntry("applied", false);
        InspectContainerResponse inspected = engine.client().inspectContainerCmd(before).exec();
        assertThat(inspected.getHostConfig().getNanoCPUs()).isEqualTo(1_000_000_000L);
        assertThat(inspected.getHostConfig().getMemory()).isEqualTo(128_000_000L);
        assertThat(inspected.getState().getRunning()).isTrue();
        assertThat(inspected.getConfig().getLabels()).doesNotContainKey("tier");
        assertThat(backend.status(StatusQuery.identifier(system.identifier())).get(0).utilization().get("tuned"))
                .containsEntry("cpu", "1").containsEntry("memory", "128M");
        assertThat(answer(started.services().get("tuned"))).isEqualTo(BusyboxImage.PAGE);

        deleteAndCount(system);
    }

    @Test
    void aRangeOfHostPortsSkipsATakenPort() throws Exception {
        try (ServerSocket taken = freePortWithFreeSuccessor()) {
            int port = taken.getLocalPort();
            try (Backend ranged = engine.backend(volumes, Map.of(DockerSettings.HOST_PORTS,
                    port + "-" + (port + 1)))) {
                TychoSystem system = TestSystems.webApp("ranged", "erin");

                StartResult started = start(ranged, system);

                assertThat(started.services().get("ranged").externalPort()).isEqualTo(port + 1);
                assertThat(answer(started.services().get("ranged"))).isEqualTo(BusyboxImage.PAGE);
                deleteAndCount(ranged, system);
            }
        }
    }

    @Test
    void aStartWhoseImageCannotBePulledFailsClearlyAndLeavesNothing() {
        // Nothing listens on localhost:1, so the pull fails at once, without any registry.
        TychoSystem system = TestSystems.system("missing", "frank", org.helxplatform.tycho.model.Container
                .builder("missing", "localhost:1/tycho-test/missing:1").command(List.of("httpd")).port(8080).build())
                .build();

        assertThatThrownBy(() -> backend.start(system))
                .isInstanceOf(StartException.class)
                .hasMessageContaining("image localhost:1/tycho-test/missing:1 is not on the Docker engine and cannot"
                        + " be pulled")
                .satisfies(e -> assertThat(((StartException) e).identifier()).isEqualTo(system.identifier()));
        assertNothingLeft(system);
    }

    @Test
    void aStartWhoseOnlyHostPortIsTakenFailsAndLeavesNothing() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            try (Backend ranged = engine.backend(volumes, Map.of(DockerSettings.HOST_PORTS, port + "-" + port))) {
                TychoSystem system = TestSystems.webApp("blocked", "grace");

                assertThatThrownBy(() -> ranged.start(system))
                        .isInstanceOf(StartException.class)
                        .hasMessageContaining("no free host port")
                        .hasMessageContaining("removed the 0 containers and 1 network created for it")
                        .hasMessageContaining(DockerSettings.HOST_PORTS + "=" + port + "-" + port);
                assertNothingLeft(system);
            }
        }
    }

    @Test
    void anEngineRefusalPartWayRemovesWhatWasCreated() {
        // The engine creates "a" and the network, then refuses "b": 1M is below its minimum memory limit.
        org.helxplatform.tycho.model.Container a = TestSystems.web("a", TestSystems.PORT).build();
        org.helxplatform.tycho.model.Container b = TestSystems.web("b", 9090).limits(ResourceLimits.of("0.1", "1M"))
                .requests(ResourceLimits.NONE).build();
        TychoSystem system = TestSystems.system("a", "heidi", a, b).build();

        assertThatThrownBy(() -> backend.start(system))
                .isInstanceOf(StartException.class)
                .hasMessageContaining("creating container b (image " + BusyboxImage.IMAGE + "): the Docker engine"
                        + " answered 400")
                .hasMessageContaining("removed the 1 container and 1 network created for it");
        assertNothingLeft(system);
    }

    @Test
    void aContainerTheEngineCannotStartPartWayRemovesWhatWasCreated() {
        org.helxplatform.tycho.model.Container a = TestSystems.web("a", TestSystems.PORT).build();
        org.helxplatform.tycho.model.Container b = TestSystems.web("b", 9090)
                .command(List.of("/no/such/program")).build();
        TychoSystem system = TestSystems.system("a", "ivan", a, b).build();

        assertThatThrownBy(() -> backend.start(system))
                .isInstanceOf(StartException.class)
                .hasMessageContaining("starting container b: the Docker engine answered")
                .hasMessageContaining("/no/such/program")
                .hasMessageContaining("removed the 2 containers and 1 network created for it");
        assertNothingLeft(system);
    }

    @Test
    void aHardenedSystemRunsAsItsNonRootUserWithoutCapabilitiesOrNewPrivileges() throws Exception {
        // The app writes what the kernel says of it into a page it serves: its user, and the status of its shell.
        org.helxplatform.tycho.model.Container web = TestSystems.web("hardened", TestSystems.PORT)
                .command(List.of("sh", "-c", "mkdir -p /tmp/www && cp /www/index.html /tmp/www/ && { id -u;"
                        + " grep -E '^(NoNewPrivs|CapBnd|CapEff)' /proc/self/status; } > /tmp/www/who.txt"
                        + " && exec httpd -f -p 8080 -h /tmp/www"))
                .build();
        TychoSystem system = hardened(TestSystems.system("hardened", "judy", web)
                .securityContext(new SecurityContext("1000", "1000", null)), false).build();

        StartResult started = start(system);

        assertThat(answer(started.services().get("hardened"))).isEqualTo(BusyboxImage.PAGE);
        String who = DockerEngine.get(started.services().get("hardened"), "/who.txt", WAIT);
        assertThat(who.lines().findFirst()).as("id -u").contains("1000");
        assertThat(who.lines().skip(1)).as("/proc/self/status").containsExactlyInAnyOrder("NoNewPrivs:\t1",
                "CapBnd:\t0000000000000000", "CapEff:\t0000000000000000");
        InspectContainerResponse inspected = engine.client().inspectContainerCmd(containerOf(system).getId()).exec();
        assertThat(inspected.getConfig().getUser()).isEqualTo("1000:1000");
        assertThat(inspected.getHostConfig().getCapDrop()).containsExactly(Capability.ALL);
        assertThat(inspected.getHostConfig().getCapAdd()).isNullOrEmpty();
        assertThat(inspected.getHostConfig().getSecurityOpts()).containsExactly("no-new-privileges");
        assertThat(inspected.getHostConfig().getPrivileged()).isFalse();
        DockerEngine.awaitReady(backend, system.identifier(), WAIT);

        deleteAndCount(system);
    }

    @Test
    void aHardenedSystemWhoseImageRunsAsRootIsRefusedBeforeAnythingIsCreated() {
        // No runAsUser: the container would run as the image's user, and the test image sets none (root).
        TychoSystem system = hardened(TestSystems.system("rooted", "judy", TestSystems.web("rooted",
                TestSystems.PORT).build()).securityContext(SecurityContext.NONE)
                .volumes(List.of(new Volume("rooted", "stdnfs", "judy", "/home/judy", true))), false).build();

        assertThatThrownBy(() -> backend.start(system))
                .isInstanceOf(StartException.class)
                .hasMessageContaining("with TYCHO_APP_HARDENED=true container rooted may not run as root")
                .hasMessageContaining("the user of image " + BusyboxImage.IMAGE + ", which is root: the image sets no"
                        + " user")
                .hasMessageContaining("TYCHO_APP_RUN_AS_USER");
        assertNothingLeft(system);
        assertThat(volumes.resolve("stdnfs")).as("no claim directory either").doesNotExist();
    }

    @Test
    void aMissingClaimFailsTheStartWhenRequiredElseItsDirectoryIsCreatedWithAWarning() throws Exception {
        TychoSystem required = claims(true);

        assertThatThrownBy(() -> backend.start(required))
                .isInstanceOf(StartException.class)
                .hasMessageContaining("cannot start app claims for kate: claim data (mounted at /data in container"
                        + " claims) does not exist")
                .hasMessageContaining("TYCHO_APP_REQUIRE_CLAIMS=false");
        assertNothingLeft(required);
        assertThat(volumes.resolve("data")).doesNotExist();

        TychoSystem system = claims(false);
        StartResult started = start(system);

        assertThat(started.warnings()).singleElement().asString()
                .startsWith("app claims: claim data (mounted at /data in container claims) did not exist, so its"
                        + " directory " + volumes.resolve("data") + " was created");
        assertThat(volumes.resolve("data/kate")).isDirectory();
        assertThat(answer(started.services().get("claims"))).isEqualTo(BusyboxImage.PAGE);
        deleteAndCount(system);

        // Now the claim exists: a start that requires it goes ahead, without a warning.
        TychoSystem again = claims(true);
        StartResult restarted = start(again);
        assertThat(restarted.warnings()).isEmpty();
        assertThat(answer(restarted.services().get("claims"))).isEqualTo(BusyboxImage.PAGE);
        deleteAndCount(again);
    }

    @Test
    void aClaimDirectoryReachedThroughASymbolicLinkIsRefusedAndNothingIsMadeWhereItLeads() throws IOException {
        // A link an app could have made in a shared directory, leading out of the claim.
        Path outside = Files.createDirectories(volumes.resolve("outside"));
        Files.createDirectories(volumes.resolve("stdnfs/shared"));
        Files.createSymbolicLink(volumes.resolve("stdnfs/shared/data"), outside);
        TychoSystem system = TestSystems.system("linked", "liam", TestSystems.web("linked", TestSystems.PORT)
                .build()).volumes(List.of(new Volume("linked", "stdnfs", "shared/data/liam", "/data", false))).build();

        assertThatThrownBy(() -> backend.start(system))
                .isInstanceOf(StartException.class)
                .hasMessageContaining("claim directory " + volumes.resolve("stdnfs/shared/data") + " leads to "
                        + outside.toRealPath() + " through a symbolic link, which Tycho does not follow inside a"
                        + " claim");
        assertNothingLeft(system);
        assertThat(outside).isEmptyDirectory();
    }

    /** A web app mounting {@code pvc://data/kate} at {@code /data}, with a new identifier. */
    private static TychoSystem claims(boolean requireClaims) {
        return TestSystems.system("claims", "kate", TestSystems.web("claims", TestSystems.PORT).build())
                .volumes(List.of(new Volume("claims", "data", "kate", "/data", false)))
                .options(DeploymentOptions.DEFAULTS.withSecurity(
                        new DeploymentOptions.Security(false, false, requireClaims)))
                .build();
    }

    private static TychoSystem.Builder hardened(TychoSystem.Builder system, boolean requireClaims) {
        return system.options(DeploymentOptions.DEFAULTS.withSecurity(
                new DeploymentOptions.Security(true, false, requireClaims)));
    }

    private StartResult start(TychoSystem system) {
        return start(backend, system);
    }

    private static StartResult start(Backend on, TychoSystem system) {
        STARTED_HERE.add(system.identifier());
        StartResult result = on.start(system);
        STARTED.incrementAndGet();
        return result;
    }

    private static String answer(ServiceEndpoint endpoint) throws InterruptedException {
        String body = DockerEngine.get(endpoint, "/", WAIT);
        if (BusyboxImage.PAGE.equals(body)) {
            ANSWERED.incrementAndGet();
        }
        return body;
    }

    private void deleteAndCount(TychoSystem system) {
        deleteAndCount(backend, system);
    }

    private static void deleteAndCount(Backend on, TychoSystem system) {
        assertThat(on.delete(system.identifier()).deletedObjects()).isPositive();
        STARTED_HERE.remove(system.identifier());
        assertNothingLeft(system);
    }

    private static void assertNothingLeft(TychoSystem system) {
        long left = engine.leftovers(system.identifier());
        LEFT_BEHIND.addAndGet(left);
        assertThat(left).as("containers and networks left of " + system.name()).isZero();
    }

    private static Container containerOf(TychoSystem system) {
        return engine.client().listContainersCmd().withLabelFilter(Map.of("tycho-guid", system.identifier())).exec()
                .get(0);
    }

    private static ServerSocket freePortWithFreeSuccessor() throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        for (int attempt = 0; attempt < 20; attempt++) {
            ServerSocket socket = new ServerSocket(0, 1, loopback);
            try (ServerSocket next = new ServerSocket(socket.getLocalPort() + 1, 1, loopback)) {
                return socket;
            } catch (IOException nextTaken) {
                socket.close();
            }
        }
        throw new IOException("no two free neighbouring ports on 127.0.0.1");
    }

    private static void waitForFile(Path file) throws InterruptedException {
        for (int i = 0; i < 100 && !Files.exists(file); i++) {
            Thread.sleep(100);
        }
    }

    private static boolean isRoot() throws IOException {
        return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    }
}

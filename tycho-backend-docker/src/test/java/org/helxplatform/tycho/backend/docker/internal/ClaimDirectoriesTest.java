package org.helxplatform.tycho.backend.docker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.helxplatform.tycho.backend.StartException;
import org.helxplatform.tycho.model.Container;
import org.helxplatform.tycho.model.DeploymentOptions;
import org.helxplatform.tycho.model.Principal;
import org.helxplatform.tycho.model.TychoSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Claims on Docker: directories under the volume root, checked before a start, created when missing. */
class ClaimDirectoriesTest {

    private static final String ID = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path root;

    private static TychoSystem system(boolean requireClaims) {
        return TychoSystem.builder("notebook", ID, Principal.of("alice"))
                .containers(List.of(Container.builder("notebook", "busybox").build()))
                .options(DeploymentOptions.DEFAULTS.withSecurity(
                        new DeploymentOptions.Security(false, false, requireClaims)))
                .build();
    }

    private List<SystemPlan.Claim> claims() {
        return List.of(new SystemPlan.Claim("stdnfs", root.resolve("stdnfs"), "notebook", "/home/alice"),
                new SystemPlan.Claim("data", root.resolve("data"), "worker", "/data"));
    }

    @Test
    void existingClaimsGiveNoWarning() throws IOException {
        Files.createDirectories(root.resolve("stdnfs"));
        Files.createDirectories(root.resolve("data"));

        assertThat(ClaimDirectories.check(system(true), claims())).isEmpty();
        assertThat(ClaimDirectories.check(system(false), claims())).isEmpty();
    }

    @Test
    void aMissingClaimIsAWarningNamingClaimAndAppWhenClaimsAreNotRequired() throws IOException {
        Files.createDirectories(root.resolve("stdnfs"));

        List<String> warnings = ClaimDirectories.check(system(false), claims());

        assertThat(warnings).containsExactly("app notebook: claim data (mounted at /data in container worker) did"
                + " not exist, so its directory " + root.resolve("data") + " was created; create claim directories"
                + " beforehand, or set TYCHO_APP_REQUIRE_CLAIMS=true to refuse starts whose claims are missing");
        assertThat(root.resolve("data")).as("the check creates nothing; the start does").doesNotExist();
    }

    @Test
    void aMissingClaimFailsTheStartWhenClaimsAreRequired() {
        assertThatThrownBy(() -> ClaimDirectories.check(system(true), claims()))
                .isInstanceOf(StartException.class)
                .hasMessage("cannot start app notebook for alice: claim stdnfs (mounted at /home/alice"
                        + " in container notebook) does not exist: its directory " + root.resolve("stdnfs")
                        + " is missing; create that directory, or set TYCHO_APP_REQUIRE_CLAIMS=false to let Tycho"
                        + " create it")
                .satisfies(e -> assertThat(((StartException) e).identifier()).isEqualTo(ID));
        assertThat(root).isEmptyDirectory();
    }

    private SystemPlan.ClaimDirectory directory(String subPath) {
        return new SystemPlan.ClaimDirectory(root.resolve("stdnfs").resolve(subPath), root.resolve("stdnfs"), root,
                null, null, false);
    }

    @Test
    void missingDirectoriesAreCreatedUpToTheVolumeRoot() throws IOException {
        assertThat(ClaimDirectories.prepare(directory("home/alice"))).containsExactly(root.resolve("stdnfs"),
                root.resolve("stdnfs/home"), root.resolve("stdnfs/home/alice"));
        assertThat(root.resolve("stdnfs/home/alice")).isDirectory();
        assertThat(ClaimDirectories.prepare(directory("home/alice"))).as("created once").isEmpty();
    }

    @Test
    void aSymbolicLinkInsideAClaimIsNotFollowedAndNothingIsCreatedThroughIt() throws IOException {
        Path outside = Files.createDirectories(root.resolve("outside"));
        Files.createDirectories(root.resolve("stdnfs/shared"));
        // What an app could make in a directory it mounts: a link leading out of the claim.
        Files.createSymbolicLink(root.resolve("stdnfs/shared/data"), outside);

        assertThatThrownBy(() -> ClaimDirectories.prepare(directory("shared/data/alice")))
                .isInstanceOf(ClaimDirectories.LinkInClaim.class)
                .hasMessage(root.resolve("stdnfs/shared/data") + " leads to " + outside.toRealPath()
                        + " through a symbolic link");
        assertThat(outside).isEmptyDirectory();
        assertThatThrownBy(() -> ClaimDirectories.prepare(directory("shared/data")))
                .isInstanceOf(ClaimDirectories.LinkInClaim.class);
    }

    @Test
    void aSymbolicLinkWithinTheClaimIsRefusedToo() throws IOException {
        Path inside = Files.createDirectories(root.resolve("stdnfs/home/bob"));
        Files.createSymbolicLink(root.resolve("stdnfs/home/alice"), inside);

        assertThatThrownBy(() -> ClaimDirectories.prepare(directory("home/alice")))
                .isInstanceOf(ClaimDirectories.LinkInClaim.class);
    }

    @Test
    void theClaimsOwnDirectoryMayBeALink() throws IOException {
        Path nfs = Files.createDirectories(root.resolve("nfs/stdnfs"));
        Files.createSymbolicLink(root.resolve("stdnfs"), nfs);

        assertThat(ClaimDirectories.prepare(directory("home/alice"))).containsExactly(root.resolve("stdnfs/home"),
                root.resolve("stdnfs/home/alice"));
        assertThat(nfs.resolve("home/alice")).isDirectory();
    }

    @Test
    void aClaimThatIsASymbolicLinkToADirectoryExists() throws IOException {
        Path elsewhere = Files.createDirectories(root.resolve("nfs/stdnfs"));
        Files.createSymbolicLink(root.resolve("stdnfs"), elsewhere);
        Files.createDirectories(root.resolve("data"));

        assertThat(ClaimDirectories.check(system(true), claims())).isEmpty();
    }
}

package org.helxplatform.tycho.model;

import java.util.Objects;

/**
 * How systems are deployed on this platform: the settings that shape the objects of every system,
 * carried by each {@link TychoSystem} so that a backend needs nothing else to run it.
 *
 * @param devPhase        {@code prod}, {@code dev} or {@code test}
 * @param gpuResourceName the extended resource name of GPUs, also the key of the GPU toleration
 * @param initContainer   the init container that prepares home and shared directories
 * @param storage         the user storage claim and its paths
 * @param irods           the iRODS NFS mount
 * @param gitea           ssh settings for gitea-integrated apps
 * @param ambassador      the Ambassador reverse proxy
 * @param security        the opt-in safety measures: hardened pods, tokens in a Secret, claims required
 */
public record DeploymentOptions(String devPhase, String gpuResourceName, InitContainer initContainer, Storage storage,
                                Irods irods, Gitea gitea, Ambassador ambassador, Security security) {

    /** Python Tycho's defaults. */
    public static final DeploymentOptions DEFAULTS = new DeploymentOptions("prod", "nvidia.com/gpu",
            new InitContainer(true, false, "busybox", "latest", "250m", "250Mi"),
            new Storage("stdnfs", "home", null, "shared"), Irods.DISABLED, new Gitea("", "", ""),
            new Ambassador("", ""), Security.DEFAULTS);

    /**
     * Requires every part.
     *
     * @param devPhase        {@code prod}, {@code dev} or {@code test}
     * @param gpuResourceName the extended resource name of GPUs, also the key of the GPU toleration
     * @param initContainer   the init container that prepares home and shared directories
     * @param storage         the user storage claim and its paths
     * @param irods           the iRODS NFS mount
     * @param gitea           ssh settings for gitea-integrated apps
     * @param ambassador      the Ambassador reverse proxy
     * @param security        the opt-in security measures; {@code null} means {@link Security#DEFAULTS}
     * @throws InvalidValueException when a value is invalid
     * @throws NullPointerException when a required component is null
     */
    public DeploymentOptions {
        Names.requireNonBlank("devPhase", devPhase);
        Names.requireNonBlank("gpuResourceName", gpuResourceName);
        Objects.requireNonNull(initContainer, "initContainer");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(irods, "irods");
        Objects.requireNonNull(gitea, "gitea");
        Objects.requireNonNull(ambassador, "ambassador");
        security = security == null ? Security.DEFAULTS : security;
    }

    /**
     * Options with the default security measures (none of the opt-in ones).
     *
     * @param devPhase        {@code prod}, {@code dev} or {@code test}
     * @param gpuResourceName the extended resource name of GPUs
     * @param initContainer   the init container
     * @param storage         the user storage claim and its paths
     * @param irods           the iRODS NFS mount
     * @param gitea           ssh settings for gitea-integrated apps
     * @param ambassador      the Ambassador reverse proxy
     */
    public DeploymentOptions(String devPhase, String gpuResourceName, InitContainer initContainer, Storage storage,
                             Irods irods, Gitea gitea, Ambassador ambassador) {
        this(devPhase, gpuResourceName, initContainer, storage, irods, gitea, ambassador, Security.DEFAULTS);
    }

    /**
     * @param value the new value
     * @return a copy with the given storage
     */
    public DeploymentOptions withStorage(Storage value) {
        return new DeploymentOptions(devPhase, gpuResourceName, initContainer, value, irods, gitea, ambassador,
                security);
    }

    /**
     * A copy with other security measures.
     *
     * @param value the measures
     * @return the copy
     */
    public DeploymentOptions withSecurity(Security value) {
        return new DeploymentOptions(devPhase, gpuResourceName, initContainer, storage, irods, gitea, ambassador,
                value);
    }

    /**
     * The opt-in safety measures of a platform (README, Security), all off by default so that the objects stay
     * those of Python Tycho.
     *
     * @param hardened       {@code TYCHO_APP_HARDENED}: pods and the init container run as non-root, without
     *                       privilege escalation or capabilities, with the runtime's default seccomp profile and
     *                       without a service-account token unless the app names a service account (Pod Security
     *                       {@code restricted})
     * @param tokensInSecret {@code TYCHO_APP_TOKENS_IN_SECRET}: the user's access and refresh tokens go into a Secret
     *                       of the system, owned by its Deployment, and reach containers through
     *                       {@code secretKeyRef}; they never appear in the Deployment
     * @param requireClaims  {@code TYCHO_APP_REQUIRE_CLAIMS}: a {@code pvc://} claim that does not exist fails the
     *                       start before anything is created, instead of being left out with a warning
     */
    public record Security(boolean hardened, boolean tokensInSecret, boolean requireClaims) {
        /** None of the measures: Python Tycho's objects. */
        public static final Security DEFAULTS = new Security(false, false, false);
    }

    /**
     * The init container {@code volume-tasks} that creates the user's directories.
     *
     * @param enabled         {@code TYCHO_APP_ENABLE_INIT_CONTAINER}
     * @param createHomeDirs  {@code CREATE_HOME_DIRS} as the init container reads it (Python's default: false)
     * @param imageRepository the image repository, e.g. {@code busybox}
     * @param imageTag        the image tag, e.g. {@code latest}
     * @param cpus            its CPU request and limit
     * @param memory          its memory request and limit
     */
    public record InitContainer(boolean enabled, boolean createHomeDirs, String imageRepository, String imageTag,
                                String cpus, String memory) {
        /**
         * Validates the image and quantities.
         *
         * @param enabled         {@code TYCHO_APP_ENABLE_INIT_CONTAINER}
         * @param createHomeDirs  {@code CREATE_HOME_DIRS} as the init container reads it (Python's default: false)
         * @param imageRepository the image repository, e.g. {@code busybox}
         * @param imageTag        the image tag, e.g. {@code latest}
         * @param cpus            its CPU request and limit
         * @param memory          its memory request and limit
         * @throws InvalidValueException when a value is invalid
         */
        public InitContainer {
            Names.requireNonBlank("initContainer.imageRepository", imageRepository);
            Names.requireNonBlank("initContainer.imageTag", imageTag);
            Names.requireQuantity("initContainer.cpus", cpus);
            Names.requireQuantity("initContainer.memory", memory);
        }
    }

    /**
     * The user storage claim ({@code STDNFS_PVC}) and the paths of home and shared directories.
     *
     * @param claim      the claim holding home and shared directories
     * @param parentDir  where they are mounted, e.g. {@code home} or {@code /home}
     * @param subpathDir the user's directory under the parent, {@code null} for the user name
     * @param sharedDir  the shared directory under the parent
     */
    public record Storage(String claim, String parentDir, String subpathDir, String sharedDir) {
        /**
         * Validates the claim name.
         *
         * @param claim      the claim holding home and shared directories
         * @param parentDir  where they are mounted, e.g. {@code home} or {@code /home}
         * @param subpathDir the user's directory under the parent, {@code null} for the user name
         * @param sharedDir  the shared directory under the parent
         * @throws InvalidValueException when a value is invalid
         * @throws NullPointerException when a required component is null
         */
        public Storage {
            Names.requireDnsLabel("storage.claim (STDNFS_PVC)", claim);
            Objects.requireNonNull(parentDir, "parentDir");
            Objects.requireNonNull(sharedDir, "sharedDir");
        }

        /**
         * The user's directory.
         *
         * @param username the user name
         * @return {@link #subpathDir()}, or the user name when it is not set
         */
        public String subpathDirFor(String username) {
            return subpathDir == null ? username : subpathDir;
        }
    }

    /**
     * The iRODS NFS volume mounted at {@code /home/nfs} of every container.
     *
     * @param enabled     whether {@code IROD_HOST} is set
     * @param nfsrodsHost the NFS server ({@code NFSRODS_HOST})
     */
    public record Irods(boolean enabled, String nfsrodsHost) {
        /** No iRODS volume. */
        public static final Irods DISABLED = new Irods(false, "");

        /**
         * Requires the host text (empty when not set).
         *
         * @param enabled     whether {@code IROD_HOST} is set
         * @param nfsrodsHost the NFS server ({@code NFSRODS_HOST})
         * @throws NullPointerException when a required component is null
         */
        public Irods {
            Objects.requireNonNull(nfsrodsHost, "nfsrodsHost");
        }
    }

    /**
     * Gitea ssh access for apps with {@code gitea-integration}.
     *
     * @param host        {@code GITEA_HOST}
     * @param user        {@code GITEA_USER}
     * @param serviceName {@code GITEA_SERVICE_NAME}
     */
    public record Gitea(String host, String user, String serviceName) {
        /**
         * Requires the texts (empty when not set).
         *
         * @param host        {@code GITEA_HOST}
         * @param user        {@code GITEA_USER}
         * @param serviceName {@code GITEA_SERVICE_NAME}
         * @throws NullPointerException when a required component is null
         */
        public Gitea {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(serviceName, "serviceName");
        }
    }

    /**
     * The Ambassador reverse proxy: when a Service of this name exists in the namespace, apps get a
     * {@code ClusterIP} Service with an Ambassador {@code Mapping} annotation instead of a {@code LoadBalancer}.
     *
     * @param serviceName {@code AMBASSADOR_SVC_NAME}; blank means no Ambassador
     * @param id          {@code AMBASSADOR_ID}, written into the mapping when not blank
     */
    public record Ambassador(String serviceName, String id) {
        /**
         * Requires the texts (empty when not set).
         *
         * @param serviceName {@code AMBASSADOR_SVC_NAME}; blank means no Ambassador
         * @param id          {@code AMBASSADOR_ID}, written into the mapping when not blank
         * @throws NullPointerException when a required component is null
         */
        public Ambassador {
            Objects.requireNonNull(serviceName, "serviceName");
            Objects.requireNonNull(id, "id");
        }
    }
}

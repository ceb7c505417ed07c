package org.helxplatform.tycho.model;

/**
 * Where a system is in its life, as a host shows it to a user: "starting…", a button that opens the app, or the
 * reason it failed. Every backend maps its orchestrator's state onto these five phases; the reason and message of
 * a {@link SystemState} say why.
 */
public enum SystemPhase {

    /** Accepted, but nothing runs yet: waiting for a node, for resources, or for the orchestrator to act. */
    PENDING,

    /** Placed and starting: images being pulled, containers created or running but not yet ready. */
    STARTING,

    /** Every container runs and answers its readiness check: the user can open the app. */
    READY,

    /**
     * Cannot become ready without a change: an image that cannot be pulled, an invalid image name, a
     * configuration error, repeated mount failures, a crash loop, or no node to run on past the grace period.
     */
    FAILED,

    /** Being deleted. */
    TERMINATING;

    /** @return whether the system will not change phase on its own any more ({@link #FAILED}) */
    public boolean isFinal() {
        return this == FAILED;
    }
}

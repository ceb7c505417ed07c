package org.helxplatform.tycho.model;

import java.util.Objects;

/**
 * A persistent volume claim mounted into a container.
 *
 * @param containerName the container it is mounted into
 * @param claimName     the claim; also the pod volume's name
 * @param subPath       the path inside the claim, empty for its root
 * @param mountPath     where it is mounted in the container
 * @param declaresClaim whether this mount declares the pod volume for the claim: the first mount of each claim in
 *                      the system does; later mounts of the same claim reuse it
 */
public record Volume(String containerName, String claimName, String subPath, String mountPath, boolean declaresClaim) {

    /**
     * Validates the names.
     *
     * @param containerName the container it is mounted into
     * @param claimName     the claim; also the pod volume's name
     * @param subPath       the path inside the claim, empty for its root
     * @param mountPath     where it is mounted in the container
     * @param declaresClaim whether this mount declares the pod volume for the claim: the first mount of each claim
     *                      in the system does; later mounts of the same claim reuse it
     * @throws InvalidValueException when a value is invalid
     * @throws NullPointerException when a required component is null
     */
    public Volume {
        Names.requireDnsLabel("volume.container", containerName);
        Names.requireDnsLabel("volume " + mountPath + ": claim", claimName);
        Objects.requireNonNull(subPath, "subPath");
        Names.requireNonBlank("volume " + claimName + ": mount path", mountPath);
    }

    /**
     * The same mount, declaring the claim or not.
     *
     * @param declares whether it declares the claim
     * @return the copy
     */
    public Volume withDeclaresClaim(boolean declares) {
        return new Volume(containerName, claimName, subPath, mountPath, declares);
    }
}

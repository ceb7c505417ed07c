package org.helxplatform.tycho.model;

/**
 * The outcome of deleting a system.
 *
 * @param identifier     the system identifier
 * @param deletedObjects how many objects were deleted; 0 when the system did not exist (deleting twice is fine)
 */
public record DeleteResult(String identifier, int deletedObjects) {
}

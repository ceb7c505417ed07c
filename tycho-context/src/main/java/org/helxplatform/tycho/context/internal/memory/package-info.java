/**
 * Tycho's own implementation, public only so that Tycho's modules can share it. Not API: it may change in any
 * release without notice. Hosts and backend authors use the packages without {@code internal} in their name.
 */
package org.helxplatform.tycho.context.internal.memory;

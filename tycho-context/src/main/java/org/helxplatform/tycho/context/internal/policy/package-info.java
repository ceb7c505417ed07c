/**
 * Not API; may change in any release. The resource policy of a context: bounds per system and per user from the
 * settings, the registry's {@code count}, and the reservations that keep concurrent starts of one user from
 * overtaking the bounds.
 */
package org.helxplatform.tycho.context.internal.policy;

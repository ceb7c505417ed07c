/**
 * The immutable values Tycho passes between a host, the compiler and the backends: the user ({@link
 * org.helxplatform.tycho.model.Principal}), what a host asks for ({@link org.helxplatform.tycho.model.StartRequest},
 * {@link org.helxplatform.tycho.model.ModifyRequest}, {@link org.helxplatform.tycho.model.StatusQuery}), the system a
 * spec compiles into ({@link org.helxplatform.tycho.model.TychoSystem} and its parts), and what backends answer.
 * Depends on the JDK only.
 *
 * <h2>Conventions</h2>
 * <ul>
 *   <li><b>Valid or not at all.</b> Every value is checked when it is constructed; an invalid one is an
 *       {@link org.helxplatform.tycho.model.InvalidValueException} naming the field, the value and the fix.</li>
 *   <li><b>Absent values.</b> A record component that may be absent is {@code null} when absent, and its
 *       documentation says what that means ("{@code null} keeps the spec's own"); every other component is never
 *       {@code null}. Strings that may be empty (a host name, a connection string) are empty, and collections
 *       empty, rather than {@code null}; a constructor reads a {@code null} collection as empty. Methods that look
 *       something up return {@link java.util.Optional} (or {@link java.util.OptionalInt}) instead.</li>
 *   <li><b>Builders for requests.</b> A type with optional parts has a builder that takes the required values
 *       ({@code StartRequest.builder(principal, appId)}, {@code ModifyRequest.builder(identifier)},
 *       {@code TychoSystem.builder(appId, identifier, principal)}), so no call passes {@code ""}, an empty map or
 *       {@code null} to fill a place. Builder methods have bare names; {@code with*} methods return modified
 *       copies.</li>
 *   <li><b>Null arguments.</b> A {@code null} argument where an object is required is a
 *       {@link java.lang.NullPointerException} whose message names the parameter.</li>
 *   <li><b>One word per concept.</b> The operations are start, status, modify and delete; a system is named by its
 *       {@code identifier} (Python Tycho's JSON calls it {@code sid}, and only that JSON does); CPU quantities are
 *       {@code cpus}, as in compose files (Kubernetes objects and Python Tycho's JSON say {@code cpu}).</li>
 *   <li><b>Secrets.</b> Tokens and environment values never appear in {@code toString()}.</li>
 * </ul>
 */
package org.helxplatform.tycho.model;

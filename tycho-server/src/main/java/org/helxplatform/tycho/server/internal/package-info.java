/**
 * The server's implementation: routes, authentication, request validation, metrics. Not API; may change in any
 * release. Hosts use {@link org.helxplatform.tycho.server.TychoServer} and
 * {@link org.helxplatform.tycho.server.ServerSettings}.
 */
package org.helxplatform.tycho.server.internal;

/**
 * Tycho as an HTTP service: {@link org.helxplatform.tycho.server.TychoServer}, configured by
 * {@link org.helxplatform.tycho.server.ServerSettings} and run by {@link org.helxplatform.tycho.server.Main}.
 */
package org.helxplatform.tycho.server;

package org.helxplatform.tycho.backend.kubernetes.internal;

/** The labels Tycho puts on the objects of a system, and selects them by. */
final class Labels {

    /** The system identifier. */
    static final String GUID = "tycho-guid";
    /** Marks objects made by Tycho. */
    static final String EXECUTOR = "executor";
    /** The value of {@link #EXECUTOR}. */
    static final String TYCHO = "tycho";
    /** The user a system runs for. */
    static final String USERNAME = "username";
    /** Pod label: the app id. */
    static final String ORIGINAL_APP_NAME = "original-app-name";
    /** Pod label: the workspace (app) name. */
    static final String APP_NAME = "app-name";

    private Labels() {
    }
}

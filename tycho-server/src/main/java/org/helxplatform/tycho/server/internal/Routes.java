package org.helxplatform.tycho.server.internal;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Every route of the server, in one list: the server registers only routes listed here, the OpenAPI document must
 * describe each of them (a test checks it), and metrics and logs name requests by these templates, never by the raw
 * path.
 */
public final class Routes {

    /**
     * One route.
     *
     * @param method   the HTTP method
     * @param template the path, with {@code {name}} for a path parameter
     * @param open     whether it answers without a token (health checks only)
     */
    public record Route(String method, String template, boolean open) {

        /** @return the template as a regular expression of paths */
        Pattern pattern() {
            return Pattern.compile(Pattern.quote(template).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q"));
        }
    }

    /** The health check: the process is alive. */
    public static final String HEALTHZ = "/healthz";
    /** The readiness check: the registry is loaded and the backend answers. */
    public static final String READYZ = "/readyz";

    /** All routes. */
    public static final List<Route> ALL = List.of(
            new Route("GET", HEALTHZ, true),
            new Route("GET", READYZ, true),
            new Route("GET", "/metrics", false),
            new Route("GET", "/openapi.json", false),
            new Route("GET", "/apidocs", false),
            new Route("GET", "/apidocs/{file}", false),
            new Route("POST", "/system/start", false),
            new Route("POST", "/system/status", false),
            new Route("POST", "/system/delete", false),
            new Route("POST", "/system/modify", false),
            new Route("GET", "/v1/apps", false),
            new Route("GET", "/v1/apps/{app}", false),
            new Route("GET", "/v1/systems", false),
            new Route("POST", "/v1/systems", false),
            new Route("GET", "/v1/systems/{identifier}", false),
            new Route("PATCH", "/v1/systems/{identifier}", false),
            new Route("DELETE", "/v1/systems/{identifier}", false),
            new Route("GET", "/v1/systems/{identifier}/events", false),
            new Route("GET", "/v1/systems/{identifier}/logs", false));

    private static final List<Pattern> PATTERNS = ALL.stream().map(Route::pattern).toList();

    private Routes() {
    }

    /**
     * @param method a method
     * @param path   a path template
     * @return the route
     * @throws IllegalStateException when it is not listed (a route must be added to {@link #ALL} and the OpenAPI
     *                               document)
     */
    public static Route require(String method, String path) {
        return ALL.stream().filter(r -> r.method().equals(method) && r.template().equals(path)).findFirst()
                .orElseThrow(() -> new IllegalStateException(method + " " + path + " is not in Routes.ALL"));
    }

    /**
     * @param path a request path
     * @return the template of the route it matches, whatever the method, or {@code unmatched}
     */
    public static String template(String path) {
        for (int i = 0; i < ALL.size(); i++) {
            if (PATTERNS.get(i).matcher(path).matches()) {
                return ALL.get(i).template();
            }
        }
        return "unmatched";
    }

    /**
     * @param method a request method
     * @param path   a request path
     * @return whether it is a health check, answered without a token
     */
    public static boolean isOpen(String method, String path) {
        return method.toUpperCase(Locale.ROOT).equals("GET") && (path.equals(HEALTHZ) || path.equals(READYZ));
    }

    /**
     * @param path a request path
     * @return whether it is one of Python Tycho's endpoints, which answer errors in their envelope
     */
    public static boolean isPython(String path) {
        return path.startsWith("/system/");
    }
}

package dev.continuum.dashboard;

/**
 * Where the dashboard's static files lie on the classpath: {@code continuum/dashboard/} holds
 * {@code index.html} (served at {@code /}) and its assets (served under {@code /dashboard/}).
 */
public final class Dashboard {
    public static final String CLASSPATH_FOLDER = "continuum/dashboard";

    private Dashboard() {}
}

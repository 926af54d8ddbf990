package dev.continuum.apiserver;

import java.util.Objects;

/**
 * Static files served from the classpath: {@code GET /} answers {@code {classpathFolder}/index.html}
 * and {@code GET {urlPrefix}/{file}} answers {@code {classpathFolder}/{file}}. The dashboard module,
 * for instance, puts its files under {@code continuum/dashboard/} and links its assets under
 * {@code /dashboard/}.
 *
 * @param classpathFolder a classpath folder without leading or trailing slash
 * @param urlPrefix where the folder's files are served, e.g. {@code /dashboard}
 */
public record StaticSite(String classpathFolder, String urlPrefix) {

    public StaticSite {
        Objects.requireNonNull(classpathFolder, "classpathFolder");
        Objects.requireNonNull(urlPrefix, "urlPrefix");
        classpathFolder = strip(classpathFolder);
        urlPrefix = "/" + strip(urlPrefix);
        if (urlPrefix.equals("/") || urlPrefix.startsWith("/api/")) {
            throw new IllegalArgumentException(
                    "urlPrefix \"" + urlPrefix + "\" would shadow other routes; use a folder such as /dashboard");
        }
    }

    private static String strip(String s) {
        String out = s;
        while (out.startsWith("/")) {
            out = out.substring(1);
        }
        while (out.endsWith("/")) {
            out = out.substring(0, out.length() - 1);
        }
        return out;
    }
}

package dev.continuum.apiserver;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;

/**
 * Serves a {@link StaticSite} from the classpath. Paths with {@code ..} or a backslash are refused,
 * so nothing outside the site's folder is reachable; a missing file is a 404 {@code ApiError}.
 */
final class StaticFiles {

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "json", "application/json",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "txt", "text/plain; charset=utf-8");

    private final StaticSite site;
    private final ClassLoader loader;

    StaticFiles(StaticSite site) {
        this.site = site;
        this.loader = StaticFiles.class.getClassLoader();
    }

    void index(Context ctx) throws IOException {
        serve(ctx, "index.html");
    }

    void file(Context ctx) throws IOException {
        serve(ctx, ctx.pathParam("file"));
    }

    private void serve(Context ctx, String file) throws IOException {
        if (file.isEmpty() || file.contains("..") || file.contains("\\") || file.startsWith("/")) {
            throw ApiFailure.notFound("no file " + ctx.path());
        }
        InputStream in = loader.getResourceAsStream(site.classpathFolder() + "/" + file);
        if (in == null) {
            throw ApiFailure.notFound("no file " + ctx.path());
        }
        try (in) {
            int dot = file.lastIndexOf('.');
            String ext = dot < 0 ? "" : file.substring(dot + 1).toLowerCase(Locale.ROOT);
            ctx.status(200);
            ctx.contentType(TYPES.getOrDefault(ext, "application/octet-stream"));
            ctx.result(in.readAllBytes());
        }
    }
}

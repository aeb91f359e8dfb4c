package dev.coopgraph.assets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.OPTIONS;
import javax.ws.rs.PathParam;
import javax.ws.rs.core.Response;

/**
 * Serves the Neo4j Browser style sheet and guide that coopgraph writes into
 * the folder named by the system property coopgraph.browser.dir, as an
 * unmanaged extension on the server's own HTTP port. Browser fetches them
 * from another origin (localhost, not 127.0.0.1) with a preflight: this
 * answers it, and the server adds Access-Control-Allow-Origin to every
 * response (dbms.security.http_access_control_allow_origin). File names are
 * plain: no slashes, no "..".
 */
@javax.ws.rs.Path("/")
public class BrowserAssets {
    private static final Pattern FILE = Pattern.compile("[a-z0-9][a-z0-9_-]*\\.(grass|md|html)");

    @GET
    @javax.ws.rs.Path("{file}")
    public Response get(@PathParam("file") String file) throws IOException {
        String dir = System.getProperty("coopgraph.browser.dir");
        if (dir == null || !FILE.matcher(file).matches() || !Files.isRegularFile(Path.of(dir, file))) {
            return Response.status(Response.Status.NOT_FOUND).build();
        }
        String type = file.endsWith(".html") ? "text/html" : file.endsWith(".md") ? "text/markdown" : "text/plain";
        return Response.ok(Files.readAllBytes(Path.of(dir, file)), type + "; charset=utf-8")
                .header("Cache-Control", "no-cache")
                .build();
    }

    @OPTIONS
    @javax.ws.rs.Path("{file}")
    public Response preflight(@HeaderParam("Access-Control-Request-Headers") String headers) {
        return Response.noContent()
                .header("Access-Control-Allow-Methods", "GET, OPTIONS")
                .header("Access-Control-Allow-Headers", headers == null ? "" : headers)
                .header("Access-Control-Max-Age", "600")
                .build();
    }
}

package dev.hokan.api;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Every AWS Backup operation's route (from the botocore model, so operations Hokan does not implement yet are
 * still recognised by name) plus Hokan's extension routes. Templates with more literal segments win.
 */
final class RouteTable {
    private final List<Route> routes;

    private RouteTable(List<Route> routes) {
        this.routes = routes.stream().sorted(Comparator.comparingInt(Route::literalSegments).reversed()).toList();
    }

    static RouteTable load(List<Route> extensionRoutes) {
        List<Route> routes = new ArrayList<>(extensionRoutes);
        try (InputStream in = RouteTable.class.getResourceAsStream("aws-backup-operations.tsv");
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] f = line.split("\t");
                routes.add(Route.parse(f[0], f[1], f[2]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new RouteTable(routes);
    }

    /** Finds the operation; a path differing only by a trailing slash still matches. */
    RouteMatch match(String method, String rawPath, Map<String, List<String>> query) {
        RouteMatch exact = find(method, rawPath, query);
        if (exact != null) {
            return exact;
        }
        String other = rawPath.endsWith("/") ? rawPath.substring(0, rawPath.length() - 1) : rawPath + "/";
        return other.isEmpty() ? null : find(method, other, query);
    }

    private RouteMatch find(String method, String rawPath, Map<String, List<String>> query) {
        String[] segments = rawPath.split("/", -1);
        for (Route route : routes) {
            Map<String, String> labels = route.match(method, segments, query);
            if (labels != null) {
                return new RouteMatch(route.operation(), labels);
            }
        }
        return null;
    }
}

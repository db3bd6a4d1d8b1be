package dev.hokan.api;

import dev.hokan.engine.Deployment;
import dev.hokan.engine.metrics.PrometheusText;
import dev.hokan.engine.metrics.Scrape;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET /metrics} on the metrics port, in Prometheus's text format: the process's counters and histograms, then
 * the gauges the running cells' catalogs give at this moment. Unsigned, as Prometheus scrapes; the port is off
 * unless the operator opens it.
 */
final class MetricsHandler extends Handler.Abstract {
    static final String PATH = "/metrics";

    private final Deployment deployment;

    MetricsHandler(Deployment deployment) {
        this.deployment = deployment;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (!PATH.equals(request.getHttpURI().getPath())) {
            return answer(response, callback, 404, "text/plain; charset=utf-8", "Only " + PATH + " is served here\n");
        }
        if (!HttpMethod.GET.is(request.getMethod()) && !HttpMethod.HEAD.is(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            return answer(response, callback, 405, "text/plain; charset=utf-8", PATH + " answers GET\n");
        }
        PrometheusText out = new PrometheusText();
        Scrape.write(deployment.cellGauges(), out);
        ApiMeters.REQUESTS.write(out);
        ApiMeters.LATENCY.write(out);
        return answer(response, callback, 200, PrometheusText.CONTENT_TYPE, out.text());
    }

    private static boolean answer(Response response, Callback callback, int status, String type, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }
}

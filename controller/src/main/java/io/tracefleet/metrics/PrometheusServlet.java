package io.tracefleet.metrics;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/** Serves {@link PrometheusText} on the admin port as well (/prometheus), for scrapers running beside the controller. */
public final class PrometheusServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient PrometheusText text;

    public PrometheusServlet(PrometheusText text) {
        this.text = text;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("text/plain; version=0.0.4; charset=utf-8");
        response.getWriter().write(text.render());
    }
}

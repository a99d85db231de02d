package io.tracefleet.api;

import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.jakarta.rs.cfg.EndpointConfigBase;
import com.fasterxml.jackson.jakarta.rs.cfg.ObjectWriterInjector;
import com.fasterxml.jackson.jakarta.rs.cfg.ObjectWriterModifier;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MultivaluedMap;

/**
 * {@code ?pretty} on any JSON endpoint indents the answer for a person reading it with curl; without it the answer
 * stays compact for machines and the web UI.
 */
public final class PrettyJsonFilter implements ContainerResponseFilter {
    private static final ObjectWriterModifier INDENT = new ObjectWriterModifier() {
        @Override
        public ObjectWriter modify(EndpointConfigBase<?> endpoint, MultivaluedMap<String, Object> headers,
                                   Object value, ObjectWriter writer, com.fasterxml.jackson.core.JsonGenerator g) {
            return writer.with(SerializationFeature.INDENT_OUTPUT);
        }
    };

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        String pretty = request.getUriInfo().getQueryParameters().getFirst("pretty");
        // The writer is taken on the thread that serializes this answer, just after the filters run.
        if (pretty != null && !pretty.equalsIgnoreCase("false")) {
            ObjectWriterInjector.set(INDENT);
        } else {
            ObjectWriterInjector.set(null);
        }
    }
}

package io.tracefleet.diff;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A view's field whose values may be secrets people pasted (a container's plain environment): a drift in it carries,
 * beside the values, a rendering where each value is a {@link Fingerprint} and every name still shows.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.METHOD, ElementType.FIELD})
public @interface Sensitive {
}

package io.tracefleet.testing;

import io.dropwizard.testing.ConfigOverride;
import java.util.List;

/**
 * Dropwizard's config overrides for a controller started in this JVM, applied as the caller lists them.
 * DropwizardTestSupport keeps overrides in a set and applies them in its own order: with a key given twice (a
 * default and a caller's value) either could win. Overrides are system properties, and removing one restores the
 * value it replaced, so with two controllers alive at once the first one's settings came back for every later one;
 * removing clears them all (a controller reads them only while it starts, so that is safe).
 */
public final class OrderedOverrides {

    private OrderedOverrides() {
    }

    /** One override that applies {@code overrides} in list order, so a later value of a key wins. */
    public static ConfigOverride inOrder(List<ConfigOverride> overrides) {
        List<ConfigOverride> ordered = List.copyOf(overrides);
        return new ConfigOverride() {
            @Override
            public void addToSystemProperties() {
                ordered.forEach(ConfigOverride::addToSystemProperties);
            }

            @Override
            public void removeFromSystemProperties() {
                ordered.forEach(ConfigOverride::removeFromSystemProperties);
                clearAll();
            }
        };
    }

    /** Removes every Dropwizard override from the system properties. */
    public static void clearAll() {
        System.getProperties().stringPropertyNames().stream().filter(key -> key.startsWith("dw."))
                .forEach(System::clearProperty);
    }
}

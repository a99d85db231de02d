package io.tracefleet.aws;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Without a logback configuration the SDK and Apache HttpClient log every request at DEBUG, which
 * buries test output; this keeps them at INFO for the tests that make real SDK calls.
 */
final class QuietSdkLogging implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        for (String name : new String[] {"software.amazon.awssdk", "org.apache.http"}) {
            if (LoggerFactory.getLogger(name) instanceof Logger logger) {
                logger.setLevel(Level.INFO);
            }
        }
    }
}

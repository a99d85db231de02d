package io.tracefleet.spec;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Recognises credentials pasted into a plain env value. Env values end up in the task definition, which anyone with
 * {@code ecs:DescribeTaskDefinition} can read, and in Tracefleet's own status and logs; a credential belongs in
 * {@code secrets}. Only shapes that are unambiguous are recognised, so an ordinary value is never refused, and the
 * value itself is never repeated in the error.
 */
final class SecretLikeValue {
    private record Shape(String name, Pattern pattern) {
    }

    private static final List<Shape> SHAPES = List.of(
            new Shape("an AWS access key id", Pattern.compile("\\b(AKIA|ASIA)[A-Z0-9]{16}\\b")),
            new Shape("a private key", Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----")),
            new Shape("a GitHub token", Pattern.compile("\\bgh[pousr]_[A-Za-z0-9]{36,}\\b")),
            new Shape("a Slack token", Pattern.compile("\\bxox[abprs]-[A-Za-z0-9-]{10,}")),
            new Shape("a password in a URL", Pattern.compile("://[^/\\s:@]+:[^/\\s@]+@")));
    /** AWS secret access keys: 40 characters of base64 with at least one '/' or '+', under a secret-ish name. */
    private static final Pattern SECRET_ACCESS_KEY = Pattern.compile("[A-Za-z0-9/+]{40}");
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(SECRET|PASSWORD|PASSWD|TOKEN|PRIVATE).*");

    private SecretLikeValue() {
    }

    /** What kind of credential {@code value} looks like, if it looks like one. */
    static Optional<String> of(String variable, String value) {
        for (Shape shape : SHAPES) {
            if (shape.pattern().matcher(value).find()) {
                return Optional.of(shape.name());
            }
        }
        if (SECRET_NAME.matcher(variable).matches() && SECRET_ACCESS_KEY.matcher(value).matches()
                && (value.contains("/") || value.contains("+"))) {
            return Optional.of("an AWS secret access key");
        }
        return Optional.empty();
    }
}

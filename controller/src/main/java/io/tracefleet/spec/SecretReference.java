package io.tracefleet.spec;

import java.util.regex.Pattern;

/**
 * What ECS accepts as a container secret's {@code valueFrom}, written out in full: a Secrets Manager secret ARN
 * (with an optional {@code :json-key:version-stage:version-id} suffix) or an SSM parameter ARN. Requiring the ARN,
 * not a bare name, keeps a pasted secret value from ever being taken for a reference.
 */
public final class SecretReference {
    private static final Pattern SECRETS_MANAGER = Pattern.compile(
            "arn:aws(-cn|-us-gov)?:secretsmanager:[a-z0-9-]+:\\d{12}:secret:[A-Za-z0-9/_+=.@-]+(:[^:\\s]*){0,3}");
    private static final Pattern SSM_PARAMETER = Pattern.compile(
            "arn:aws(-cn|-us-gov)?:ssm:[a-z0-9-]+:\\d{12}:parameter/[A-Za-z0-9/_.-]+");

    private SecretReference() {
    }

    public static boolean isValid(String arn) {
        return SECRETS_MANAGER.matcher(arn).matches() || SSM_PARAMETER.matcher(arn).matches();
    }

    /** The resource a task's execution role must be allowed to read: the secret without its JSON-key suffix. */
    public static String readableResource(String arn) {
        if (!arn.contains(":secretsmanager:")) {
            return arn;
        }
        String[] parts = arn.split(":", -1);
        // arn:partition:secretsmanager:region:account:secret:name[:key:stage:id]
        return String.join(":", java.util.Arrays.copyOfRange(parts, 0, 7));
    }

    public static boolean isSsmParameter(String arn) {
        return arn.contains(":ssm:");
    }
}

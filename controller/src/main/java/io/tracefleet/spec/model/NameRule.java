package io.tracefleet.spec.model;

import java.util.regex.Pattern;

/**
 * AWS's naming rules for the names a spec sets or derives. One place, so the binder, the validator of derived
 * names and the JSON Schema all enforce the same rule with the same words.
 */
public enum NameRule {
    APPLICATION_NAME(1, 63, "[a-z0-9]([-a-z0-9]*[a-z0-9])?",
            "lower-case letters, digits and hyphens, starting and ending with a letter or digit"),
    SERVICE_NAME(1, 63, "[a-z0-9]([-a-z0-9]*[a-z0-9])?",
            "lower-case letters, digits and hyphens, starting and ending with a letter or digit"),
    REGION(1, 32, "[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]+", "an AWS region code such as ap-northeast-1"),
    CLUSTER_NAME(1, 255, "[A-Za-z0-9_-]+", "letters, digits, hyphens and underscores"),
    TASK_FAMILY(1, 255, "[A-Za-z0-9_-]+", "letters, digits, hyphens and underscores"),
    IAM_ROLE_NAME(1, 64, "[\\w+=,.@-]+", "letters, digits and the characters + = , . @ _ -"),
    IAM_POLICY_NAME(1, 128, "[\\w+=,.@-]+", "letters, digits and the characters + = , . @ _ -"),
    SECURITY_GROUP_NAME(1, 255, "(?!sg-)[a-zA-Z0-9 ._\\-:/()#,@\\[\\]+=&;{}!$*]+",
            "letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*, not starting with 'sg-'"),
    LOAD_BALANCER_NAME(1, 32, "(?!internal-)[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?",
            "letters, digits and hyphens, not starting or ending with a hyphen, nor starting with 'internal-'"),
    TARGET_GROUP_NAME(1, 32, "[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?",
            "letters, digits and hyphens, not starting or ending with a hyphen"),
    LOG_GROUP_NAME(1, 512, "[.\\-_/#A-Za-z0-9]+", "letters, digits and the characters . - _ / #"),
    ECR_REPOSITORY_NAME(2, 256, "([a-z0-9]+([._-][a-z0-9]+)*/)*[a-z0-9]+([._-][a-z0-9]+)*",
            "lower-case letters, digits and . _ - separated path components such as team/service-b"),
    ENV_VAR_NAME(1, 255, "[A-Za-z_][A-Za-z0-9_]*", "letters, digits and underscores, not starting with a digit"),
    VPC(1, 21, "default|vpc-[0-9a-f]{8,17}", "'default' or a VPC id such as vpc-0a1b2c3d"),
    SUBNET_ID(1, 24, "subnet-[0-9a-f]{8,17}", "a subnet id such as subnet-0a1b2c3d"),
    IPV4_CIDR(9, 18,
            "((25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])/(3[0-2]|[12]?[0-9])",
            "an IPv4 CIDR block such as 0.0.0.0/0 or 10.0.0.0/16"),
    HEALTH_CHECK_PATH(1, 1024, "/[\\x21-\\x7e]*", "a path starting with / such as /health"),
    PATH_PATTERN(1, 128, "/[A-Za-z0-9_.$/~\"'@:+&*?-]*",
            "a path starting with / of letters, digits, _ - . $ / ~ \" ' @ : + & and the wildcards * and ?, "
                    + "such as /api/*"),
    HOST_PATTERN(1, 128, "[A-Za-z0-9*?-]+(\\.[A-Za-z0-9*?-]+)*",
            "a host name of letters, digits, hyphens and dots, with the wildcards * and ?, such as api.example.com");

    private final int minLength;
    private final int maxLength;
    private final String regex;
    private final Pattern pattern;
    private final String description;

    NameRule(int minLength, int maxLength, String regex, String description) {
        this.minLength = minLength;
        this.maxLength = maxLength;
        this.regex = regex;
        this.pattern = Pattern.compile(regex);
        this.description = description;
    }

    /** Why {@code value} breaks this rule, or null when it follows it. */
    public String violation(String value) {
        if (value.length() < minLength || value.length() > maxLength) {
            return value.length() + " characters long; allowed: " + lengthText() + " characters, " + description;
        }
        if (!pattern.matcher(value).matches()) {
            return "allowed: " + lengthText() + " characters, " + description;
        }
        return null;
    }

    private String lengthText() {
        return minLength == 1 ? "up to " + maxLength : minLength + " to " + maxLength;
    }

    public int minLength() {
        return minLength;
    }

    public int maxLength() {
        return maxLength;
    }

    /** The rule as an ECMA-262 pattern anchored at both ends, for the JSON Schema. */
    public String schemaPattern() {
        return "^(?:" + regex + ")$";
    }

    public String description() {
        return description;
    }
}

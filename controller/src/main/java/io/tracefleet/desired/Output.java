package io.tracefleet.desired;

/** What a resource exposes to its dependents once it exists in AWS. */
public enum Output {
    ARN("arn"),
    ID("id"),
    DNS_NAME("dnsName"),
    REPOSITORY_URI("repositoryUri");

    private final String label;

    Output(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}

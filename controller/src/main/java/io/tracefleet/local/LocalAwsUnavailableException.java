package io.tracefleet.local;

/**
 * The embedded moto cannot run on this machine. The message alone tells the operator every way out,
 * because it is the one line they see when {@code aws.endpoint: local} fails at startup.
 */
public final class LocalAwsUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    LocalAwsUnavailableException(String python, String problem, Throwable cause) {
        super(explain(python, problem), cause);
    }

    private static String explain(String python, String problem) {
        return "aws.endpoint: local runs moto, the local AWS emulator, but " + problem + ". Either install moto"
                + " for that python with: " + python + " -m pip install \"moto[server]\""
                + " (pip install \"moto[server]\"); or use real AWS by removing aws.endpoint from the config"
                + " (the AWS SDK's default credential and region chains apply); or point at any other"
                + " AWS-compatible endpoint with aws.endpoint: http://HOST:PORT.";
    }
}

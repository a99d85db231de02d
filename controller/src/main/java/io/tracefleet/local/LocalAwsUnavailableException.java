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

    /**
     * Installing moto is the way out; the others are said exactly, since an absent {@code aws.endpoint} is
     * {@code local} again and would only start moto once more.
     */
    private static String explain(String python, String problem) {
        return "aws.endpoint: local runs moto, the local AWS emulator, but " + problem + ". Install moto for that"
                + " python: " + python + " -m pip install \"moto[server]\" (the README's prerequisites list it). Or,"
                + " instead of the emulator, set TRACEFLEET_AWS_ENDPOINT=http://HOST:PORT (aws.endpoint: http://HOST:PORT)"
                + " for another AWS-compatible endpoint, or set it empty (TRACEFLEET_AWS_ENDPOINT=, aws.endpoint: \"\")"
                + " for real AWS with the AWS SDK's credential and region chains.";
    }
}

package io.tracefleet.setup;

/**
 * Ends a command with an exit code and a message for the user, without a stack trace: bad input is the user's
 * to fix, not a crash. Exit 1 is invalid input or an error; 2 is reserved for "plan found changes".
 */
public final class CommandFailure extends RuntimeException {
    private final int exitCode;

    public CommandFailure(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}

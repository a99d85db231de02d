package io.tracefleet.local;

import java.nio.file.Path;

/**
 * A stand-in for the controller's JVM in {@link LocalAwsIT}: starts moto, says its pid, then waits
 * to be killed without ever closing it.
 */
public final class LocalAwsChild {

    private LocalAwsChild() {
    }

    public static void main(String[] args) throws InterruptedException {
        LocalAws moto = LocalAws.start(LocalAwsSettings.defaults("us-east-1", Path.of(args[0])));
        System.out.println("MOTO_PID " + moto.pid());
        System.out.flush();
        // Kept reachable on purpose: the watchdog pipe must stay open until the kill.
        synchronized (moto) {
            moto.wait();
        }
    }
}

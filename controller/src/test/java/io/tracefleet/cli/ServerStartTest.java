package io.tracefleet.cli;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** A busy port is named from what Jetty itself throws, so the one line stays right when Jetty's wording is. */
class ServerStartTest {
    @Test
    void aPortInUseIsNamedFromJettysOwnFailure() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Server server = new Server();
            ServerConnector connector = new ServerConnector(server);
            connector.setHost("127.0.0.1");
            connector.setPort(busy.getLocalPort());

            Throwable failure = catchThrowable(connector::open);

            assertThat(failure).isInstanceOf(IOException.class);
            assertThat(ServerStart.boundAddress(failure)).contains("127.0.0.1:" + busy.getLocalPort());
            connector.close();
        }
    }

    @Test
    void anyOtherFailureIsLeftAsItIs() {
        assertThat(ServerStart.boundAddress(new IOException("Failed to read config.yml"))).isEmpty();
        assertThat(ServerStart.boundAddress(new IllegalStateException("x", new IOException("y")))).isEmpty();
    }
}

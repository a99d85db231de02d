package io.tracefleet.samples.tracing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for the X-Ray daemon: a real UDP socket on loopback that keeps every datagram the
 * services send, split into X-Ray's header line and segment document.
 */
public final class XRayDaemonStandIn implements AutoCloseable {

    /** Every segment datagram starts with this line, then a newline, then the document. */
    public static final String PROTOCOL_HEADER = "{\"format\": \"json\", \"version\": 1}";

    // Larger than any UDP payload, so an oversized datagram shows up as one rather than truncated.
    private static final int RECEIVE_BUFFER = 65_536;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DatagramSocket socket;
    private final List<Datagram> received = new CopyOnWriteArrayList<>();
    private final List<Exception> failures = new CopyOnWriteArrayList<>();
    private final Thread receiver;

    /** What arrived: the header line, the parsed segment document, and the datagram's size. */
    public record Datagram(String header, JsonNode document, int bytes) {

        public String name() {
            return document.path("name").asText();
        }

        public String traceId() {
            return document.path("trace_id").asText();
        }
    }

    public XRayDaemonStandIn() {
        try {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            // A burst of a hundred segments must not overflow the kernel queue while we parse.
            socket.setReceiveBufferSize(4 * 1024 * 1024);
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
        receiver = new Thread(this::receive, "xray-daemon-stand-in");
        receiver.setDaemon(true);
        receiver.start();
    }

    /** The value for {@code AWS_XRAY_DAEMON_ADDRESS}. */
    public String address() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    /** Where a service sends its segments to reach this stand-in. */
    public TracingTarget target() {
        return TracingTarget.xrayDaemon(address());
    }

    public List<Datagram> datagrams() {
        return List.copyOf(received);
    }

    public List<Datagram> segmentsNamed(String name) {
        List<Datagram> named = new ArrayList<>();
        for (Datagram datagram : received) {
            if (datagram.name().equals(name)) {
                named.add(datagram);
            }
        }
        return named;
    }

    /** Datagrams that were not header line + JSON document; a test should expect none. */
    public List<Exception> failures() {
        return List.copyOf(failures);
    }

    private void receive() {
        byte[] buffer = new byte[RECEIVE_BUFFER];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (IOException closed) {
                return;
            }
            String text = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
            try {
                received.add(parse(text, packet.getLength()));
            } catch (IOException | IllegalArgumentException malformed) {
                failures.add(malformed);
            }
        }
    }

    private static Datagram parse(String text, int bytes) throws IOException {
        int newline = text.indexOf('\n');
        if (newline < 0) {
            throw new IllegalArgumentException("no header line in datagram: " + text);
        }
        return new Datagram(text.substring(0, newline), JSON.readTree(text.substring(newline + 1)), bytes);
    }

    @Override
    public void close() {
        socket.close();
    }
}

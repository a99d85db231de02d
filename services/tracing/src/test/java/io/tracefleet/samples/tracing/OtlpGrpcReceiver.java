package io.tracefleet.samples.tracing;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.tracefleet.samples.tracing.OtlpReceiver.ReceivedSpan;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for a collector's OTLP/gRPC port, which the JDK has no server for: just enough HTTP/2
 * (RFC 9113) with prior knowledge, as gRPC speaks it without TLS, to take each export call's
 * length-prefixed message, decode it with the protocol's generated classes, and answer
 * {@code grpc-status: 0}. Frames it has no use for (window updates, priorities) are read and
 * dropped; nothing is compressed, as the services do not ask for compression.
 */
public final class OtlpGrpcReceiver implements AutoCloseable {

    public static final String EXPORT_PATH = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";

    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int DATA = 0x0;
    private static final int HEADERS = 0x1;
    private static final int SETTINGS = 0x4;
    private static final int PING = 0x6;
    private static final int END_STREAM = 0x1;
    private static final int ACK = 0x1;
    private static final int END_HEADERS = 0x4;
    // HPACK (RFC 7541): ":status: 200" from the static table, then two literals without indexing,
    // "content-type" by its static-table name and "grpc-status" by a new name. A trailers-only reply.
    private static final byte[] OK_HEADERS = hpackOk();

    private final ServerSocket socket;
    private final List<ReceivedSpan> received = new CopyOnWriteArrayList<>();
    private final List<Exception> failures = new CopyOnWriteArrayList<>();
    private final List<Socket> connections = new CopyOnWriteArrayList<>();

    public OtlpGrpcReceiver() {
        try {
            socket = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(this::accept, "otlp-grpc-stand-in");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The value for {@code OTEL_EXPORTER_OTLP_ENDPOINT}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }

    public List<ReceivedSpan> spans() {
        return List.copyOf(received);
    }

    /** Connections or calls that were not what an OTLP/gRPC exporter sends; a test should expect none. */
    public List<Exception> failures() {
        return List.copyOf(failures);
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket connection = socket.accept();
                connections.add(connection);
                Thread serving = new Thread(() -> serve(connection), "otlp-grpc-connection");
                serving.setDaemon(true);
                serving.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket connection) {
        try (connection; DataInputStream in = new DataInputStream(connection.getInputStream());
             OutputStream out = connection.getOutputStream()) {
            if (!Arrays.equals(in.readNBytes(PREFACE.length), PREFACE)) {
                failures.add(new IllegalStateException("no HTTP/2 connection preface: not gRPC"));
                return;
            }
            writeFrame(out, SETTINGS, 0, 0, new byte[0]);
            Map<Integer, ByteArrayOutputStream> messages = new HashMap<>();
            while (true) {
                int length = in.readUnsignedByte() << 16 | in.readUnsignedByte() << 8 | in.readUnsignedByte();
                int type = in.readUnsignedByte();
                int flags = in.readUnsignedByte();
                int stream = in.readInt() & 0x7FFF_FFFF;
                byte[] payload = in.readNBytes(length);
                if (type == SETTINGS && (flags & ACK) == 0) {
                    writeFrame(out, SETTINGS, ACK, 0, new byte[0]);
                } else if (type == PING && (flags & ACK) == 0) {
                    writeFrame(out, PING, ACK, 0, payload);
                } else if (type == HEADERS) {
                    messages.put(stream, new ByteArrayOutputStream());
                } else if (type == DATA && messages.containsKey(stream)) {
                    messages.get(stream).write(payload);
                    if ((flags & END_STREAM) != 0) {
                        receive(messages.remove(stream).toByteArray());
                        writeFrame(out, HEADERS, END_STREAM | END_HEADERS, stream, OK_HEADERS);
                    }
                }
            }
        } catch (IOException closedOrMalformed) {
            // The exporter hung up (it keeps the connection until it shuts down), or the socket closed.
        }
    }

    /** A gRPC message: one byte saying whether it is compressed, four of length, then the protobuf. */
    private void receive(byte[] message) {
        ByteBuffer buffer = ByteBuffer.wrap(message);
        try {
            if (buffer.get() != 0) {
                throw new IllegalStateException("compressed gRPC message, though no compression was asked for");
            }
            int length = buffer.getInt();
            if (length != buffer.remaining()) {
                throw new IllegalStateException("gRPC message says " + length + " bytes, has " + buffer.remaining());
            }
            received.addAll(OtlpReceiver.spansIn(ExportTraceServiceRequest.parseFrom(buffer)));
        } catch (IOException | RuntimeException malformed) {
            failures.add(malformed);
        }
    }

    private static void writeFrame(OutputStream out, int type, int flags, int stream, byte[] payload)
            throws IOException {
        ByteBuffer header = ByteBuffer.allocate(9);
        header.put((byte) (payload.length >>> 16)).put((byte) (payload.length >>> 8)).put((byte) payload.length);
        header.put((byte) type).put((byte) flags).putInt(stream);
        synchronized (out) {
            out.write(header.array());
            out.write(payload);
            out.flush();
        }
    }

    private static byte[] hpackOk() {
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        block.write(0x88);
        block.write(0x0F);
        block.write(31 - 15);
        literal(block, "application/grpc");
        block.write(0x00);
        literal(block, "grpc-status");
        literal(block, "0");
        return block.toByteArray();
    }

    private static void literal(ByteArrayOutputStream block, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        block.write(bytes.length);
        block.writeBytes(bytes);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing a listening socket has nothing to report.
        }
        for (Socket connection : connections) {
            try {
                connection.close();
            } catch (IOException ignored) {
                // Already gone.
            }
        }
    }
}

package io.tracefleet.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy against a recording upstream: what goes in comes out, byte for byte, both ways. */
class AwsProxyForwardingTest {

    private record Received(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
            byte[] body) {
    }

    private static final byte[] EVERY_BYTE = new byte[256];

    static {
        for (int i = 0; i < 256; i++) {
            EVERY_BYTE[i] = (byte) i;
        }
    }

    private final AtomicReference<Received> received = new AtomicReference<>();
    private HttpServer upstream;
    private AwsProxy proxy;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void startUpstreamAndProxy() throws IOException {
        upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        upstream.createContext("/", exchange -> {
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            headers.putAll(exchange.getRequestHeaders());
            received.set(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(), headers, exchange.getRequestBody().readAllBytes()));
            exchange.getResponseHeaders().put("X-Amzn-RequestId", List.of("req-1"));
            exchange.getResponseHeaders().put("X-Repeated", List.of("one", "two"));
            exchange.getResponseHeaders().put("Content-Type", List.of("application/x-amz-json-1.1"));
            exchange.sendResponseHeaders(409, EVERY_BYTE.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(EVERY_BYTE);
            }
        });
        upstream.start();
        proxy = AwsProxy.start(URI.create("http://127.0.0.1:" + upstream.getAddress().getPort()));
    }

    @AfterEach
    void stop() {
        proxy.close();
        upstream.stop(0);
    }

    @Test
    void forwardsTheRequestAndTheAnswerUnchanged() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(proxy.endpoint().resolve("/a%2Fb/c?x=1&y=%20z&y=2"))
                .header("X-Amz-Target", "AmazonEC2ContainerServiceV20141113.CreateService")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=test/20250101/eu-west-1/ecs/aws4_request, "
                        + "SignedHeaders=host;x-amz-date, Signature=abc")
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("X-Amz-Date", "20250101T000000Z")
                .POST(HttpRequest.BodyPublishers.ofByteArray(EVERY_BYTE))
                .build();

        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());

        Received upstreamSaw = received.get();
        assertThat(upstreamSaw.method()).isEqualTo("POST");
        assertThat(upstreamSaw.rawPath()).isEqualTo("/a%2Fb/c");
        assertThat(upstreamSaw.rawQuery()).isEqualTo("x=1&y=%20z&y=2");
        assertThat(upstreamSaw.body()).isEqualTo(EVERY_BYTE);
        assertThat(upstreamSaw.headers())
                .containsEntry("X-Amz-Target", List.of("AmazonEC2ContainerServiceV20141113.CreateService"))
                .containsEntry("X-Amz-Date", List.of("20250101T000000Z"))
                .containsEntry("Content-Type", List.of("application/x-amz-json-1.1"))
                .containsKey("Authorization");

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(response.body()).isEqualTo(EVERY_BYTE);
        assertThat(response.headers().allValues("X-Amzn-RequestId")).containsExactly("req-1");
        assertThat(response.headers().allValues("X-Repeated")).containsExactly("one", "two");

        AwsCall call = proxy.calls().calls().get(0);
        assertThat(call.service()).isEqualTo("ecs");
        assertThat(call.operation()).isEqualTo("CreateService");
        assertThat(call.region()).isEqualTo("eu-west-1");
        assertThat(call.status()).isEqualTo(409);
        assertThat(call.isWrite()).isTrue();
    }

    @Test
    void namesQueryProtocolCallsByTheirActionParameter() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(proxy.endpoint().resolve("/"))
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=test/20250101/us-east-1/ec2/aws4_request, "
                        + "SignedHeaders=host, Signature=abc")
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString("Action=DescribeSecurityGroups&Version=2016-11-15"))
                .build();

        client.send(request, HttpResponse.BodyHandlers.discarding());

        assertThat(new String(received.get().body())).isEqualTo("Action=DescribeSecurityGroups&Version=2016-11-15");
        assertThat(proxy.calls().calls()).singleElement().satisfies(call -> {
            assertThat(call.service()).isEqualTo("ec2");
            assertThat(call.operation()).isEqualTo("DescribeSecurityGroups");
            assertThat(call.isRead()).isTrue();
        });
    }

    @Test
    void findsTheWritesThatNameSomething() throws Exception {
        send("ec2", "Action=DeleteSecurityGroup&GroupName=shop-sg%2Dold&Version=2016-11-15");
        send("ec2", "Action=DescribeSecurityGroups&GroupName.1=shop-sg-old&Version=2016-11-15");
        send("ec2", "Action=DeleteSecurityGroup&GroupName=shop-sg&Version=2016-11-15");

        assertThat(proxy.writesNaming("shop-sg-old")).singleElement()
                .satisfies(call -> assertThat(call.operation()).isEqualTo("DeleteSecurityGroup"));
        assertThat(proxy.writesNaming("shop-sg")).hasSize(2);
        assertThat(proxy.writesNaming("other-sg")).isEmpty();
    }

    private void send(String service, String form) throws Exception {
        client.send(HttpRequest.newBuilder(proxy.endpoint().resolve("/"))
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=test/20250101/us-east-1/" + service
                        + "/aws4_request, SignedHeaders=host, Signature=abc")
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(), HttpResponse.BodyHandlers.discarding());
    }

    @Test
    void classifiesReadsAndWritesByOperationName() {
        assertThat(List.of("DescribeServices", "ListTagsForResource", "GetRole", "GetCallerIdentity",
                "BatchGetImage")).allSatisfy(operation ->
                assertThat(AwsCall.Access.of(operation)).isEqualTo(AwsCall.Access.READ));
        assertThat(List.of("CreateService", "UpdateService", "TagResource", "PutRetentionPolicy",
                "AuthorizeSecurityGroupIngress", "ModifyListener", "SomethingNew")).allSatisfy(operation ->
                assertThat(AwsCall.Access.of(operation)).isEqualTo(AwsCall.Access.WRITE));
    }

    @Test
    void faultRulesMatchByServiceAndOperationGlob() {
        FaultRule describes = FaultRule.on("ecs", "Describe*", Fault.throttling());
        assertThat(describes.matches("ecs", "DescribeServices")).isTrue();
        assertThat(describes.matches("ecs", "CreateService")).isFalse();
        assertThat(describes.matches("ec2", "DescribeVpcs")).isFalse();
        assertThat(FaultRule.on("*", "*", Fault.throttling()).matches("iam", "GetRole")).isTrue();
        assertThat(FaultRule.on("iam", "Get*Policy", Fault.throttling()).matches("iam", "GetRolePolicy")).isTrue();
    }
}

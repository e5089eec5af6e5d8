package dev.proxima.interop;

import com.google.protobuf.ByteString;
import dev.proxima.ChannelBuilder;
import dev.proxima.ManagedChannel;
import dev.proxima.Metadata;
import dev.proxima.Status;
import dev.proxima.StatusException;
import dev.proxima.stub.BlockingIterator;
import dev.proxima.stub.BlockingStream;
import io.grpc.testing.integration.EmptyProtos.Empty;
import io.grpc.testing.integration.Messages.BoolValue;
import io.grpc.testing.integration.Messages.EchoStatus;
import io.grpc.testing.integration.Messages.Payload;
import io.grpc.testing.integration.Messages.ResponseParameters;
import io.grpc.testing.integration.Messages.SimpleRequest;
import io.grpc.testing.integration.Messages.SimpleResponse;
import io.grpc.testing.integration.Messages.StreamingInputCallRequest;
import io.grpc.testing.integration.Messages.StreamingInputCallResponse;
import io.grpc.testing.integration.Messages.StreamingOutputCallRequest;
import io.grpc.testing.integration.Messages.StreamingOutputCallResponse;
import io.grpc.testing.integration.TestServiceProxima;
import io.grpc.testing.integration.TestServiceProxima.TestServiceBlockingStub;
import io.grpc.testing.integration.UnimplementedServiceProxima;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The interop client: runs one of gRPC's interop test cases ({@code
 * doc/interop-test-descriptions.md}) against a {@code grpc.testing.TestService} server. {@link
 * #runTest} throws {@link AssertionError} (or the call's {@link StatusException}) when the case
 * fails; {@link #main} exits 0 only when it passed.
 *
 * <p>Flags: {@code --server_host} (localhost), {@code --server_port} (8080), {@code --test_case}
 * (empty_unary), {@code --use_tls}, {@code --server_host_override}, {@code --use_test_ca}.
 */
public final class InteropClient {
  /** The cases {@link #runTest} knows, in the order gRPC's interop scripts run them. */
  public static final List<String> TEST_CASES = List.of(
      "empty_unary", "large_unary", "client_streaming", "server_streaming", "ping_pong",
      "empty_stream", "cancel_after_begin", "cancel_after_first_response",
      "timeout_on_sleeping_server", "custom_metadata", "status_code_and_message",
      "special_status_message", "unimplemented_method", "unimplemented_service",
      "client_compressed_unary", "server_compressed_unary", "client_compressed_streaming",
      "server_compressed_streaming", "very_large_request");

  /** The cases without the expect_compressed feature probe (for servers that lack it). */
  public static final List<String> NOPROBE_CASES =
      List.of("client_compressed_unary_noprobe", "client_compressed_streaming_noprobe");

  private static final Set<String> FLAGS = Set.of("server_host", "server_port", "test_case",
      "use_tls", "server_host_override", "use_test_ca");
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
  private static final Metadata.Key<String> ECHO_INITIAL = InteropServerInterceptor.ECHO_INITIAL;
  private static final Metadata.Key<byte[]> ECHO_TRAILING = InteropServerInterceptor.ECHO_TRAILING;
  private static final String SPECIAL_MESSAGE =
      "\t\ntest with whitespace\r\nand Unicode BMP \u263A and non-BMP \uD83D\uDE08\t\n";

  private final ManagedChannel channel;
  private final TestServiceBlockingStub stub;

  /** A client over {@code channel} (which the caller shuts down). */
  public InteropClient(ManagedChannel channel) {
    this.channel = Objects.requireNonNull(channel, "channel");
    this.stub = TestServiceProxima.newBlockingStub(channel).withTimeout(CALL_TIMEOUT);
  }

  /** A plaintext channel to {@code host:port} with the interop message size limit. */
  public static ManagedChannel plaintextChannel(String host, int port) {
    return ChannelBuilder.forAddress(host, port)
        .maxInboundMessageSize(InteropServer.MAX_MESSAGE_SIZE)
        .build();
  }

  /**
   * A TLS channel to {@code host:port}: trusting the interop test CA ({@code ca.pem}) when {@code
   * useTestCa}, else the JDK's CAs; claiming {@code hostOverride} (when not null) as authority and
   * TLS server name.
   */
  public static ManagedChannel tlsChannel(
      String host, int port, boolean useTestCa, String hostOverride) {
    ChannelBuilder builder = ChannelBuilder.forAddress(host, port)
        .maxInboundMessageSize(InteropServer.MAX_MESSAGE_SIZE)
        .useTransportSecurity();
    if (useTestCa) {
      InputStream ca = TestCertificates.open("ca.pem");
      try {
        builder.trustCertificates(ca);
      } finally {
        TestCertificates.close(ca);
      }
    }
    if (hostOverride != null) {
      builder.overrideAuthority(hostOverride);
    }
    return builder.build();
  }

  /** Runs the case named {@code testCase}; returns normally only if it passed. */
  public void runTest(String testCase) throws Exception {
    switch (testCase) {
      case "empty_unary" -> emptyUnary();
      case "large_unary" -> largeUnary();
      case "client_streaming" -> clientStreaming();
      case "server_streaming" -> serverStreaming();
      case "ping_pong" -> pingPong();
      case "empty_stream" -> emptyStream();
      case "cancel_after_begin" -> cancelAfterBegin();
      case "cancel_after_first_response" -> cancelAfterFirstResponse();
      case "timeout_on_sleeping_server" -> timeoutOnSleepingServer();
      case "custom_metadata" -> customMetadata();
      case "status_code_and_message" -> statusCodeAndMessage();
      case "special_status_message" -> specialStatusMessage();
      case "unimplemented_method" -> unimplementedMethod();
      case "unimplemented_service" -> unimplementedService();
      case "client_compressed_unary" -> clientCompressedUnary(true);
      case "client_compressed_unary_noprobe" -> clientCompressedUnary(false);
      case "server_compressed_unary" -> serverCompressedUnary();
      case "client_compressed_streaming" -> clientCompressedStreaming(true);
      case "client_compressed_streaming_noprobe" -> clientCompressedStreaming(false);
      case "server_compressed_streaming" -> serverCompressedStreaming();
      case "very_large_request" -> veryLargeRequest();
      default -> throw new IllegalArgumentException("unknown test case: " + testCase);
    }
  }

  private void emptyUnary() throws Exception {
    Empty response = stub.emptyCall(Empty.getDefaultInstance());
    check(response != null, "response is null");
    check(response.equals(Empty.getDefaultInstance()), "response is not empty: " + response);
  }

  private void largeUnary() throws Exception {
    SimpleResponse response = stub.unaryCall(simpleRequest(314159, 271828).build());
    checkPayload(response.getPayload(), 314159);
  }

  private void clientStreaming() throws Exception {
    BlockingStream<StreamingInputCallRequest, StreamingInputCallResponse> call =
        stub.streamingInputCall();
    for (int size : new int[] {27182, 8, 1828, 45904}) {
      call.write(StreamingInputCallRequest.newBuilder().setPayload(payload(size)).build());
    }
    call.halfClose();
    StreamingInputCallResponse response = call.read();
    check(response != null, "no response");
    checkEquals(74922, response.getAggregatedPayloadSize(), "aggregated_payload_size");
    check(call.read() == null, "more than one response");
  }

  private void serverStreaming() throws Exception {
    int[] sizes = {31415, 9, 2653, 58979};
    StreamingOutputCallRequest.Builder request = StreamingOutputCallRequest.newBuilder();
    for (int size : sizes) {
      request.addResponseParameters(ResponseParameters.newBuilder().setSize(size));
    }
    checkSizes(sizes, readAll(stub.streamingOutputCall(request.build())));
  }

  private void pingPong() throws Exception {
    int[] requestSizes = {27182, 8, 1828, 45904};
    int[] responseSizes = {31415, 9, 2653, 58979};
    BlockingStream<StreamingOutputCallRequest, StreamingOutputCallResponse> call =
        stub.fullDuplexCall();
    for (int i = 0; i < requestSizes.length; i++) {
      call.write(StreamingOutputCallRequest.newBuilder()
          .addResponseParameters(ResponseParameters.newBuilder().setSize(responseSizes[i]))
          .setPayload(payload(requestSizes[i]))
          .build());
      StreamingOutputCallResponse response = call.read();
      check(response != null, "stream ended before response " + i);
      checkPayload(response.getPayload(), responseSizes[i]);
    }
    call.halfClose();
    check(call.read() == null, "more than four responses");
  }

  private void emptyStream() throws Exception {
    BlockingStream<StreamingOutputCallRequest, StreamingOutputCallResponse> call =
        stub.fullDuplexCall();
    call.halfClose();
    check(call.read() == null, "expected no responses");
  }

  private void cancelAfterBegin() throws Exception {
    BlockingStream<StreamingInputCallRequest, StreamingInputCallResponse> call =
        stub.streamingInputCall();
    call.cancel("cancel_after_begin");
    expectStatus(Status.Code.CANCELLED, call::read);
  }

  private void cancelAfterFirstResponse() throws Exception {
    BlockingStream<StreamingOutputCallRequest, StreamingOutputCallResponse> call =
        stub.fullDuplexCall();
    call.write(StreamingOutputCallRequest.newBuilder()
        .addResponseParameters(ResponseParameters.newBuilder().setSize(31415))
        .setPayload(payload(27182))
        .build());
    StreamingOutputCallResponse response = call.read();
    check(response != null, "no first response");
    checkPayload(response.getPayload(), 31415);
    call.cancel("cancel_after_first_response");
    expectStatus(Status.Code.CANCELLED, call::read);
  }

  private void timeoutOnSleepingServer() throws Exception {
    BlockingStream<StreamingOutputCallRequest, StreamingOutputCallResponse> call =
        stub.withTimeout(Duration.ofMillis(1)).fullDuplexCall();
    expectStatus(Status.Code.DEADLINE_EXCEEDED, () -> {
      call.write(StreamingOutputCallRequest.newBuilder().setPayload(payload(27182)).build());
      return call.read();
    });
  }

  private void customMetadata() throws Exception {
    byte[] trailing = {(byte) 0xab, (byte) 0xab, (byte) 0xab};
    Metadata extra = new Metadata();
    extra.put(ECHO_INITIAL, "test_initial_metadata_value");
    extra.put(ECHO_TRAILING, trailing);

    CallCapture unary = new CallCapture();
    SimpleResponse response = stub.withMetadata(extra).withInterceptors(unary)
        .unaryCall(simpleRequest(314159, 271828).build());
    checkPayload(response.getPayload(), 314159);
    checkEcho(unary, trailing, "UnaryCall");

    CallCapture bidi = new CallCapture();
    BlockingStream<StreamingOutputCallRequest, StreamingOutputCallResponse> call =
        stub.withMetadata(extra).withInterceptors(bidi).fullDuplexCall();
    call.write(StreamingOutputCallRequest.newBuilder()
        .addResponseParameters(ResponseParameters.newBuilder().setSize(314159))
        .setPayload(payload(271828))
        .build());
    StreamingOutputCallResponse streamed = call.read();
    check(streamed != null, "no response");
    checkPayload(streamed.getPayload(), 314159);
    call.halfClose();
    check(call.read() == null, "more than one response");
    checkEcho(bidi, trailing, "FullDuplexCall");
  }

  private static void checkEcho(CallCapture capture, byte[] trailing, String method) {
    Metadata headers = capture.headers();
    check(headers != null, method + ": no response headers");
    checkEquals("test_initial_metadata_value", headers.get(ECHO_INITIAL),
        method + ": x-grpc-test-echo-initial");
    Metadata trailers = capture.trailers();
    check(trailers != null, method + ": no trailers");
    byte[] got = trailers.get(ECHO_TRAILING);
    check(Arrays.equals(trailing, got), method + ": x-grpc-test-echo-trailing-bin is "
        + (got == null ? "missing" : Arrays.toString(got)));
  }

  private void statusCodeAndMessage() throws Exception {
    String message = "test status message";
    EchoStatus echo = EchoStatus.newBuilder().setCode(2).setMessage(message).build();
    StatusException e = expectStatus(Status.Code.UNKNOWN,
        () -> stub.unaryCall(SimpleRequest.newBuilder().setResponseStatus(echo).build()));
    checkEquals(message, e.status().description(), "UnaryCall status message");

    BlockingStream<StreamingOutputCallRequest, StreamingOutputCallResponse> call =
        stub.fullDuplexCall();
    e = expectStatus(Status.Code.UNKNOWN, () -> {
      call.write(StreamingOutputCallRequest.newBuilder().setResponseStatus(echo).build());
      call.halfClose();
      return call.read();
    });
    checkEquals(message, e.status().description(), "FullDuplexCall status message");
  }

  private void specialStatusMessage() throws Exception {
    EchoStatus echo = EchoStatus.newBuilder().setCode(2).setMessage(SPECIAL_MESSAGE).build();
    StatusException e = expectStatus(Status.Code.UNKNOWN,
        () -> stub.unaryCall(SimpleRequest.newBuilder().setResponseStatus(echo).build()));
    checkEquals(SPECIAL_MESSAGE, e.status().description(), "status message");
  }

  private void unimplementedMethod() throws Exception {
    expectStatus(Status.Code.UNIMPLEMENTED,
        () -> stub.unimplementedCall(Empty.getDefaultInstance()));
  }

  private void unimplementedService() throws Exception {
    expectStatus(Status.Code.UNIMPLEMENTED,
        () -> UnimplementedServiceProxima.newBlockingStub(channel).withTimeout(CALL_TIMEOUT)
            .unimplementedCall(Empty.getDefaultInstance()));
  }

  private void clientCompressedUnary(boolean probe) throws Exception {
    SimpleRequest expectCompressed = simpleRequest(314159, 271828)
        .setExpectCompressed(BoolValue.newBuilder().setValue(true)).build();
    SimpleRequest expectUncompressed = simpleRequest(314159, 271828)
        .setExpectCompressed(BoolValue.newBuilder().setValue(false)).build();
    if (probe) {
      expectStatus(Status.Code.INVALID_ARGUMENT, () -> stub.unaryCall(expectCompressed));
    }
    checkPayload(stub.withCompression("gzip").unaryCall(expectCompressed).getPayload(), 314159);
    checkPayload(stub.unaryCall(expectUncompressed).getPayload(), 314159);
  }

  private void serverCompressedUnary() throws Exception {
    for (boolean compressed : new boolean[] {true, false}) {
      SimpleRequest request = simpleRequest(314159, 271828)
          .setResponseCompressed(BoolValue.newBuilder().setValue(compressed)).build();
      checkPayload(stub.unaryCall(request).getPayload(), 314159);
    }
  }

  private void clientCompressedStreaming(boolean probe) throws Exception {
    StreamingInputCallRequest expectCompressed = StreamingInputCallRequest.newBuilder()
        .setExpectCompressed(BoolValue.newBuilder().setValue(true))
        .setPayload(payload(27182))
        .build();
    if (probe) {
      BlockingStream<StreamingInputCallRequest, StreamingInputCallResponse> call =
          stub.streamingInputCall();
      expectStatus(Status.Code.INVALID_ARGUMENT, () -> {
        call.write(expectCompressed);
        call.halfClose();
        return call.read();
      });
    }
    CallCapture capture = new CallCapture();
    BlockingStream<StreamingInputCallRequest, StreamingInputCallResponse> call =
        stub.withCompression("gzip").withInterceptors(capture).streamingInputCall();
    call.write(expectCompressed);
    capture.call().setMessageCompression(false);
    call.write(StreamingInputCallRequest.newBuilder()
        .setExpectCompressed(BoolValue.newBuilder().setValue(false))
        .setPayload(payload(45904))
        .build());
    call.halfClose();
    StreamingInputCallResponse response = call.read();
    check(response != null, "no response");
    checkEquals(73086, response.getAggregatedPayloadSize(), "aggregated_payload_size");
  }

  private void serverCompressedStreaming() throws Exception {
    StreamingOutputCallRequest request = StreamingOutputCallRequest.newBuilder()
        .addResponseParameters(ResponseParameters.newBuilder().setSize(31415)
            .setCompressed(BoolValue.newBuilder().setValue(true)))
        .addResponseParameters(ResponseParameters.newBuilder().setSize(92653)
            .setCompressed(BoolValue.newBuilder().setValue(false)))
        .build();
    checkSizes(new int[] {31415, 92653}, readAll(stub.streamingOutputCall(request)));
  }

  private void veryLargeRequest() throws Exception {
    SimpleResponse response = stub.unaryCall(simpleRequest(10, 10 * 1024 * 1024).build());
    checkPayload(response.getPayload(), 10);
  }

  // ------------------------------------------------------------------------------------ helpers

  /** A call that returns a value or throws the call's StatusException. */
  @FunctionalInterface
  private interface StatusCall {
    Object call() throws Exception;
  }

  private static StatusException expectStatus(Status.Code code, StatusCall call) throws Exception {
    try {
      call.call();
    } catch (StatusException e) {
      checkEquals(code, e.status().code(), "status code (" + e.status() + ")");
      return e;
    }
    throw new AssertionError("expected " + code + " but the call succeeded");
  }

  private static SimpleRequest.Builder simpleRequest(int responseSize, int payloadSize) {
    return SimpleRequest.newBuilder().setResponseSize(responseSize).setPayload(payload(payloadSize));
  }

  private static Payload payload(int size) {
    return Payload.newBuilder().setBody(ByteString.copyFrom(new byte[size])).build();
  }

  private static List<StreamingOutputCallResponse> readAll(
      BlockingIterator<StreamingOutputCallResponse> it) throws Exception {
    List<StreamingOutputCallResponse> all = new ArrayList<>();
    try (it) {
      while (it.hasNext()) {
        all.add(it.next());
      }
    }
    return all;
  }

  private static void checkSizes(int[] sizes, List<StreamingOutputCallResponse> responses) {
    checkEquals(sizes.length, responses.size(), "number of responses");
    for (int i = 0; i < sizes.length; i++) {
      checkPayload(responses.get(i).getPayload(), sizes[i]);
    }
  }

  private static void checkPayload(Payload payload, int size) {
    checkEquals(size, payload.getBody().size(), "payload size");
    ByteString body = payload.getBody();
    for (int i = 0; i < body.size(); i++) {
      if (body.byteAt(i) != 0) {
        throw new AssertionError("payload byte " + i + " is not zero");
      }
    }
  }

  private static void check(boolean condition, String message) {
    if (!condition) {
      throw new AssertionError(message);
    }
  }

  private static void checkEquals(Object expected, Object actual, String what) {
    if (!Objects.equals(expected, actual)) {
      throw new AssertionError(what + ": expected <" + expected + "> but was <" + actual + ">");
    }
  }

  /** Runs {@code --test_case} against the server; exit status 0 only if it passed. */
  public static void main(String[] args) {
    Flags flags;
    try {
      flags = Flags.parse(args, FLAGS);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println("usage: interop-client --server_host=H --server_port=P --test_case=NAME"
          + " [--use_tls=true --use_test_ca=true --server_host_override=NAME]");
      System.exit(2);
      return;
    }
    String host = flags.get("server_host", "localhost");
    int port = flags.getInt("server_port", 8080);
    String testCase = flags.get("test_case", "empty_unary");
    ManagedChannel channel = flags.getBoolean("use_tls", false)
        ? tlsChannel(host, port, flags.getBoolean("use_test_ca", false),
            flags.get("server_host_override", null))
        : plaintextChannel(host, port);
    int exit = 0;
    try {
      System.out.println("Running test " + testCase);
      new InteropClient(channel).runTest(testCase);
      System.out.println("Test completed.");
    } catch (Throwable t) {
      System.out.println("Test failed: " + testCase);
      t.printStackTrace(System.out);
      exit = 1;
    } finally {
      channel.shutdownNow();
    }
    System.exit(exit);
  }
}

package dev.proxima.internal.http2;

import static dev.proxima.internal.http2.StreamState.CLOSED;
import static dev.proxima.internal.http2.StreamState.HALF_CLOSED_LOCAL;
import static dev.proxima.internal.http2.StreamState.HALF_CLOSED_REMOTE;
import static dev.proxima.internal.http2.StreamState.IDLE;
import static dev.proxima.internal.http2.StreamState.OPEN;
import static dev.proxima.internal.http2.StreamState.RESERVED_LOCAL;
import static dev.proxima.internal.http2.StreamState.RESERVED_REMOTE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.EnumSource.Mode;

/** RFC 9113 §5.1: every transition of the stream state machine, legal and illegal. */
class StreamStateTest {
  private static final int ID = 3;

  // ---- Sending HEADERS ----

  @Test
  void sendingHeadersOnIdleOpens() {
    assertEquals(OPEN, IDLE.onSendHeaders(false));
  }

  @Test
  void sendingHeadersWithEndStreamOnIdleIsHalfClosedLocal() {
    assertEquals(HALF_CLOSED_LOCAL, IDLE.onSendHeaders(true));
  }

  @Test
  void sendingHeadersOnReservedLocalIsHalfClosedRemote() {
    assertEquals(HALF_CLOSED_REMOTE, RESERVED_LOCAL.onSendHeaders(false));
  }

  @Test
  void sendingHeadersWithEndStreamOnReservedLocalCloses() {
    assertEquals(CLOSED, RESERVED_LOCAL.onSendHeaders(true));
  }

  @Test
  void sendingHeadersWithoutEndStreamOnOpenStaysOpen() {
    // §5.1 allows it; whether a second header section is legal is the §8.1 caller's check.
    assertEquals(OPEN, OPEN.onSendHeaders(false));
  }

  @Test
  void sendingTrailersOnOpenIsHalfClosedLocal() {
    assertEquals(HALF_CLOSED_LOCAL, OPEN.onSendHeaders(true));
  }

  @Test
  void sendingHeadersOnHalfClosedRemoteStaysHalfClosedRemote() {
    assertEquals(HALF_CLOSED_REMOTE, HALF_CLOSED_REMOTE.onSendHeaders(false));
  }

  @Test
  void sendingHeadersWithEndStreamOnHalfClosedRemoteCloses() {
    assertEquals(CLOSED, HALF_CLOSED_REMOTE.onSendHeaders(true));
  }

  @ParameterizedTest
  @EnumSource(names = {"RESERVED_REMOTE", "HALF_CLOSED_LOCAL", "CLOSED"})
  void sendingHeadersWhereOurHalfIsNotOursOrClosedIsAProgrammingError(StreamState state) {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> state.onSendHeaders(false));
    assertTrue(e.getMessage().contains("HEADERS"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> state.onSendHeaders(true));
  }

  // ---- Receiving HEADERS ----

  @Test
  void receivingHeadersOnIdleOpens() throws Http2Exception {
    assertEquals(OPEN, IDLE.onReceiveHeaders(ID, false));
  }

  @Test
  void receivingHeadersWithEndStreamOnIdleIsHalfClosedRemote() throws Http2Exception {
    assertEquals(HALF_CLOSED_REMOTE, IDLE.onReceiveHeaders(ID, true));
  }

  @Test
  void receivingHeadersOnReservedRemoteIsHalfClosedLocal() throws Http2Exception {
    assertEquals(HALF_CLOSED_LOCAL, RESERVED_REMOTE.onReceiveHeaders(2, false));
  }

  @Test
  void receivingHeadersWithEndStreamOnReservedRemoteCloses() throws Http2Exception {
    assertEquals(CLOSED, RESERVED_REMOTE.onReceiveHeaders(2, true));
  }

  @Test
  void receivingHeadersWithoutEndStreamOnOpenStaysOpen() throws Http2Exception {
    assertEquals(OPEN, OPEN.onReceiveHeaders(ID, false));
  }

  @Test
  void receivingTrailersOnOpenIsHalfClosedRemote() throws Http2Exception {
    assertEquals(HALF_CLOSED_REMOTE, OPEN.onReceiveHeaders(ID, true));
  }

  @Test
  void receivingHeadersOnHalfClosedLocalStaysHalfClosedLocal() throws Http2Exception {
    assertEquals(HALF_CLOSED_LOCAL, HALF_CLOSED_LOCAL.onReceiveHeaders(ID, false));
  }

  @Test
  void receivingTrailersOnHalfClosedLocalCloses() throws Http2Exception {
    assertEquals(CLOSED, HALF_CLOSED_LOCAL.onReceiveHeaders(ID, true));
  }

  @Test
  void headersReceivedOnReservedLocalIsConnectionProtocolError() {
    assertConnectionError(ErrorCode.PROTOCOL_ERROR, () -> RESERVED_LOCAL.onReceiveHeaders(2, false));
  }

  @Test
  void headersReceivedOnHalfClosedRemoteIsStreamClosed() {
    assertStreamError(ErrorCode.STREAM_CLOSED, () -> HALF_CLOSED_REMOTE.onReceiveHeaders(ID, false));
    assertStreamError(ErrorCode.STREAM_CLOSED, () -> HALF_CLOSED_REMOTE.onReceiveHeaders(ID, true));
  }

  @Test
  void headersReceivedOnClosedIsStreamClosed() {
    assertStreamError(ErrorCode.STREAM_CLOSED, () -> CLOSED.onReceiveHeaders(ID, false));
    assertStreamError(ErrorCode.STREAM_CLOSED, () -> CLOSED.onReceiveHeaders(ID, true));
  }

  // ---- Sending DATA ----

  @Test
  void sendingDataOnOpenStaysOpen() {
    assertEquals(OPEN, OPEN.onSendData(false));
  }

  @Test
  void sendingDataWithEndStreamOnOpenIsHalfClosedLocal() {
    assertEquals(HALF_CLOSED_LOCAL, OPEN.onSendData(true));
  }

  @Test
  void sendingDataOnHalfClosedRemoteStaysHalfClosedRemote() {
    assertEquals(HALF_CLOSED_REMOTE, HALF_CLOSED_REMOTE.onSendData(false));
  }

  @Test
  void sendingDataWithEndStreamOnHalfClosedRemoteCloses() {
    assertEquals(CLOSED, HALF_CLOSED_REMOTE.onSendData(true));
  }

  @ParameterizedTest
  @EnumSource(names = {"OPEN", "HALF_CLOSED_REMOTE"}, mode = Mode.EXCLUDE)
  void sendingDataOutsideOpenOrHalfClosedRemoteIsAProgrammingError(StreamState state) {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> state.onSendData(false));
    assertTrue(e.getMessage().contains("DATA"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> state.onSendData(true));
  }

  // ---- Receiving DATA ----

  @Test
  void receivingDataOnOpenStaysOpen() throws Http2Exception {
    assertEquals(OPEN, OPEN.onReceiveData(ID, false));
  }

  @Test
  void receivingDataWithEndStreamOnOpenIsHalfClosedRemote() throws Http2Exception {
    assertEquals(HALF_CLOSED_REMOTE, OPEN.onReceiveData(ID, true));
  }

  @Test
  void receivingDataOnHalfClosedLocalStaysHalfClosedLocal() throws Http2Exception {
    assertEquals(HALF_CLOSED_LOCAL, HALF_CLOSED_LOCAL.onReceiveData(ID, false));
  }

  @Test
  void receivingDataWithEndStreamOnHalfClosedLocalCloses() throws Http2Exception {
    assertEquals(CLOSED, HALF_CLOSED_LOCAL.onReceiveData(ID, true));
  }

  @Test
  void dataReceivedOnIdleIsConnectionProtocolError() {
    assertConnectionError(ErrorCode.PROTOCOL_ERROR, () -> IDLE.onReceiveData(ID, false));
  }

  @Test
  void dataReceivedOnReservedLocalIsConnectionProtocolError() {
    assertConnectionError(ErrorCode.PROTOCOL_ERROR, () -> RESERVED_LOCAL.onReceiveData(2, false));
  }

  @Test
  void dataReceivedOnReservedRemoteIsConnectionProtocolError() {
    assertConnectionError(ErrorCode.PROTOCOL_ERROR, () -> RESERVED_REMOTE.onReceiveData(2, true));
  }

  @Test
  void dataReceivedOnHalfClosedRemoteIsStreamClosed() {
    Http2Exception e =
        assertStreamError(ErrorCode.STREAM_CLOSED, () -> HALF_CLOSED_REMOTE.onReceiveData(ID, false));
    assertTrue(e.getMessage().contains("half-closed (remote)"), e.getMessage());
    assertStreamError(ErrorCode.STREAM_CLOSED, () -> HALF_CLOSED_REMOTE.onReceiveData(ID, true));
  }

  @Test
  void dataReceivedOnClosedIsStreamClosed() {
    assertStreamError(ErrorCode.STREAM_CLOSED, () -> CLOSED.onReceiveData(ID, false));
    assertStreamError(ErrorCode.STREAM_CLOSED, () -> CLOSED.onReceiveData(ID, true));
  }

  // ---- RST_STREAM ----

  @ParameterizedTest
  @EnumSource(names = "IDLE", mode = Mode.EXCLUDE)
  void sendingResetClosesEveryNonIdleStream(StreamState state) {
    assertEquals(CLOSED, state.onSendReset());
  }

  @Test
  void sendingResetOnIdleIsAProgrammingError() {
    // §6.4: RST_STREAM MUST NOT be sent for an idle stream.
    assertThrows(IllegalStateException.class, IDLE::onSendReset);
  }

  @ParameterizedTest
  @EnumSource(names = "IDLE", mode = Mode.EXCLUDE)
  void receivingResetClosesEveryNonIdleStream(StreamState state) throws Http2Exception {
    assertEquals(CLOSED, state.onReceiveReset());
  }

  @Test
  void resetReceivedOnIdleIsConnectionProtocolError() {
    assertConnectionError(ErrorCode.PROTOCOL_ERROR, IDLE::onReceiveReset);
  }

  // ---- PUSH_PROMISE (moves the promised stream) ----

  @Test
  void sendingPushPromiseReservesIdleStreamLocally() {
    assertEquals(RESERVED_LOCAL, IDLE.onSendPushPromise());
  }

  @ParameterizedTest
  @EnumSource(names = "IDLE", mode = Mode.EXCLUDE)
  void promisingANonIdleStreamIsAProgrammingError(StreamState state) {
    assertThrows(IllegalStateException.class, state::onSendPushPromise);
  }

  @Test
  void receivingPushPromiseReservesIdleStreamRemotely() throws Http2Exception {
    assertEquals(RESERVED_REMOTE, IDLE.onReceivePushPromise());
  }

  @ParameterizedTest
  @EnumSource(names = "IDLE", mode = Mode.EXCLUDE)
  void pushPromiseReceivedForANonIdleStreamIsConnectionProtocolError(StreamState state) {
    assertConnectionError(ErrorCode.PROTOCOL_ERROR, state::onReceivePushPromise);
  }

  // ---- Queries ----

  @ParameterizedTest
  @EnumSource(StreamState.class)
  void canSendOnlyWhenOpenOrHalfClosedRemote(StreamState state) {
    assertEquals(Set.of(OPEN, HALF_CLOSED_REMOTE).contains(state), state.canSend());
  }

  @ParameterizedTest
  @EnumSource(StreamState.class)
  void canReceiveOnlyWhenOpenOrHalfClosedLocal(StreamState state) {
    assertEquals(Set.of(OPEN, HALF_CLOSED_LOCAL).contains(state), state.canReceive());
  }

  @ParameterizedTest
  @EnumSource(StreamState.class)
  void onlyClosedIsClosed(StreamState state) {
    assertEquals(state == CLOSED, state.isClosed());
  }

  @ParameterizedTest
  @EnumSource(StreamState.class)
  void openAndHalfClosedCountTowardMaxConcurrentStreamsButReservedDoNot(StreamState state) {
    assertEquals(
        EnumSet.of(OPEN, HALF_CLOSED_LOCAL, HALF_CLOSED_REMOTE).contains(state), state.isActive());
  }

  // ---- Whole lives ----

  @Test
  void clientUnaryCallLife() throws Http2Exception {
    // Client: request headers, request DATA with END_STREAM, response headers, DATA, trailers.
    StreamState s = IDLE.onSendHeaders(false);
    s = s.onSendData(true);
    assertEquals(HALF_CLOSED_LOCAL, s);
    assertTrue(s.isActive());
    s = s.onReceiveHeaders(ID, false);
    s = s.onReceiveData(ID, false);
    s = s.onReceiveHeaders(ID, true);
    assertEquals(CLOSED, s);
    assertFalse(s.isActive());
  }

  @Test
  void serverUnaryCallLife() throws Http2Exception {
    StreamState s = IDLE.onReceiveHeaders(ID, false);
    s = s.onReceiveData(ID, true);
    assertEquals(HALF_CLOSED_REMOTE, s);
    s = s.onSendHeaders(false);
    s = s.onSendData(false);
    s = s.onSendHeaders(true);
    assertEquals(CLOSED, s);
  }

  @Test
  void serverPushLife() throws Http2Exception {
    StreamState pushed = IDLE.onSendPushPromise();
    assertFalse(pushed.isActive(), "reserved streams do not count toward the limit (§5.1.2)");
    pushed = pushed.onSendHeaders(false);
    assertEquals(HALF_CLOSED_REMOTE, pushed);
    assertTrue(pushed.isActive());
    assertEquals(CLOSED, pushed.onSendData(true));

    StreamState promised = IDLE.onReceivePushPromise();
    promised = promised.onReceiveHeaders(2, false);
    assertEquals(HALF_CLOSED_LOCAL, promised);
    assertEquals(CLOSED, promised.onReceiveData(2, true));
  }

  private static Http2Exception assertConnectionError(ErrorCode code, Executable call) {
    Http2Exception e = assertThrows(Http2Exception.class, call);
    assertTrue(e.isConnectionError(), () -> "expected a connection error: " + e.getMessage());
    assertEquals(code, e.code());
    return e;
  }

  private static Http2Exception assertStreamError(ErrorCode code, Executable call) {
    Http2Exception e = assertThrows(Http2Exception.class, call);
    assertTrue(e.isStreamError(), () -> "expected a stream error: " + e.getMessage());
    assertEquals(ID, e.streamId());
    assertEquals(code, e.code());
    return e;
  }
}

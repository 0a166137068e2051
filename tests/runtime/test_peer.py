"""The peer: records each action as PEER_IO before its system call, waits for the loop to
block, and stops cleanly whatever it is doing (no thread, socket or instrument left)."""

from __future__ import annotations

import socket
import threading

from app.runtime.peer import Peer
from app.runtime.recorder import Recorder
from app.trace.events import Ev, Event, PeerAction

TIMEOUT = 10


def peer_events(recorder: Recorder) -> list[tuple[int, int, int]]:
    return [(e.a, e.b, e.c) for e in map(Event.of, recorder.drain()) if e.kind == Ev.PEER_IO]


def test_stop_ends_a_peer_waiting_for_the_loop_to_block() -> None:
    recorder = Recorder()
    peer = Peer(recorder, pause_s=0.0)
    waiting = threading.Event()

    def script(p: Peer) -> None:
        waiting.set()
        p.wait_until_blocked()  # no loop ever blocks here
        raise AssertionError("the peer went on")

    peer.start(script)
    assert waiting.wait(TIMEOUT)
    assert peer.stop(TIMEOUT)
    assert peer.error is None and recorder.instruments == []
    assert peer_events(recorder) == []


def test_a_wait_without_timeout_lets_the_peer_act_and_stop_unblocks_its_read() -> None:
    recorder = Recorder()
    with socket.create_server(("127.0.0.1", 0)) as listener:
        fd = listener.fileno()
        peer = Peer(recorder, pause_s=0.0)
        reading = threading.Event()
        lines: list[bytes] = []

        def script(p: Peer) -> None:
            p.wait_until_blocked()
            p.connect(listener.getsockname(), listener.fileno())
            reading.set()
            lines.append(p.receive_line())  # nobody answers: stop() must end this

        peer.start(script)
        recorder.emit(Ev.POLL_BEGIN, 0, 1_000_000, 1)  # a wait with a timeout: not idle
        recorder.emit(Ev.POLL_BEGIN, 0, -1, 2)  # nothing else to do: the peer acts
        conn, _ = listener.accept()
        with conn:
            assert reading.wait(TIMEOUT)
            assert peer.stop(TIMEOUT)
            assert conn.recv(1) == b""  # the peer's socket is closed
    assert lines == [] and peer.error is None and recorder.instruments == []
    assert peer_events(recorder) == [(fd, PeerAction.CONNECT, 0)]


def test_send_and_close_name_the_loop_fd_the_server_told() -> None:
    recorder = Recorder()
    with socket.create_server(("127.0.0.1", 0)) as listener:
        fd = listener.fileno()
        peer = Peer(recorder, pause_s=0.0)
        done = threading.Event()
        accepted: list[socket.socket] = []

        def script(p: Peer) -> None:
            p.connect(listener.getsockname(), listener.fileno())
            conn, address = listener.accept()  # (the test's own server, in the peer thread)
            accepted.append(conn)
            p.connected(address, 99)
            p.send(b"hello\n")
            p.close()
            done.set()

        peer.start(script)
        assert done.wait(TIMEOUT)
        assert peer.stop(TIMEOUT) and peer.error is None
        conn = accepted[0]
        with conn:
            assert conn.recv(16) == b"hello\n"
    assert peer_events(recorder) == [(fd, PeerAction.CONNECT, 0),
                                     (99, PeerAction.SEND, 6), (99, PeerAction.CLOSE, 0)]


def test_what_a_script_raises_is_kept_for_the_loop_side() -> None:
    recorder = Recorder()
    peer = Peer(recorder, pause_s=0.0)

    def script(p: Peer) -> None:
        p.send(b"too early")  # not connected

    told: list[BaseException] = []
    peer.start(script, told.append)
    assert peer.stop(TIMEOUT)
    assert isinstance(peer.error, RuntimeError) and told == [peer.error]

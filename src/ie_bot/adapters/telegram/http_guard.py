"""A tornado HTTP server that hostile or broken clients cannot exhaust, and a log that
cannot flood.

Tornado's defaults suit a trusted network: a 100 MB body is buffered before any handler
runs, a connection that never sends a header is kept for an hour, and nothing bounds the
number of connections, so a few hundred idle sockets exhaust the open-file limit; then
every ``accept`` fails with EMFILE and asyncio logs a traceback for each loop iteration.
Here:

- bodies are capped (``LIMITS.max_body``) and streamed, so a handler can refuse a request
  on its headers before the body is read (the webhook checks Telegram's secret there);
- headers, bodies and idle keep-alive connections have timeouts;
- open connections are bounded below the file limit: when the bound is reached, the oldest
  connection that is not in the middle of a request is closed to make room (an idle or
  slow-header client loses its socket, ``/healthz`` and Telegram keep getting answers);
- if ``accept`` still fails (EMFILE from elsewhere in the process), accepting pauses
  briefly instead of spinning, and the error is logged once with a count.
"""

from __future__ import annotations

import errno
import logging
import resource
import socket
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from tornado import httputil
from tornado.http1connection import HTTP1ServerConnection
from tornado.httpserver import HTTPServer
from tornado.ioloop import IOLoop

log = logging.getLogger(__name__)

_OUT_OF_FILES = {errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM}
#: Loggers tornado and asyncio write connection errors to.
NOISY_LOGGERS = ("tornado.access", "tornado.application", "tornado.general", "asyncio")


@dataclass(frozen=True)
class Limits:
    """What one client may cost. Telegram's updates are a few KB; 256 KB is generous."""

    max_body: int = 256 * 1024
    max_header: int = 16 * 1024
    header_timeout_s: float = 10.0  # also the idle keep-alive timeout
    body_timeout_s: float = 10.0
    max_connections: int | None = None  # None: from the open-file limit

    def connection_bound(self) -> int:
        if self.max_connections is not None:
            return self.max_connections
        soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
        if soft == resource.RLIM_INFINITY:
            return 1000
        return max(8, min(1000, soft // 2))  # the rest: SQLite, knowledge files, Telegram


LIMITS = Limits()


class RepeatFilter(logging.Filter):
    """Let the first of a run of identical records through; count the rest.

    Records are identical when logger, level, message template and exception type match.
    The next one let through (after ``window_s``) says how many were dropped.
    """

    def __init__(self, window_s: float = 60.0, clock: Callable[[], float] = time.monotonic
                 ) -> None:
        super().__init__()
        self.window_s = window_s
        self._clock = clock
        self._runs: dict[tuple[object, ...], list[float]] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        exc_type = record.exc_info[0].__name__ if record.exc_info and record.exc_info[0] else ""
        key = (record.name, record.levelno, str(record.msg), exc_type)
        now = self._clock()
        run = self._runs.get(key)
        if run is not None and now - run[0] < self.window_s:
            run[1] += 1
            return False
        if len(self._runs) > 1000:
            self._runs.clear()
        self._runs[key] = [now, 0]
        if run is not None and run[1]:
            record.msg = (f"{record.msg} [{int(run[1])} more like this in the last "
                          f"{self.window_s:.0f} s were not logged]")
        return True


def install_repeat_filter(loggers: Iterable[str] = (*NOISY_LOGGERS, __name__)) -> None:
    """Once per process: every named logger drops repeats of what it just logged."""
    for name in loggers:
        target = logging.getLogger(name)
        if not any(isinstance(f, RepeatFilter) for f in target.filters):
            target.addFilter(RepeatFilter())


class GuardedHTTPServer(HTTPServer):
    """``HTTPServer`` with ``Limits`` (see the module docstring)."""

    def initialize(self, request_callback: Any, limits: Limits = LIMITS, **kwargs: Any
                   ) -> None:
        super().initialize(
            request_callback, idle_connection_timeout=limits.header_timeout_s,
            body_timeout=limits.body_timeout_s, max_body_size=limits.max_body,
            max_header_size=limits.max_header, max_buffer_size=limits.max_body + 64 * 1024,
            **kwargs)
        self.limits = limits
        self.bound = limits.connection_bound()
        self._opened: dict[HTTP1ServerConnection, float] = {}
        self._busy: set[HTTP1ServerConnection] = set()
        self._paused = False

    # -- accepting --------------------------------------------------------------------

    def add_sockets(self, sockets: Iterable[socket.socket]) -> None:
        for sock in sockets:
            self._sockets[sock.fileno()] = sock
            self._handlers[sock.fileno()] = self._watch(sock)

    def _watch(self, sock: socket.socket) -> Callable[[], None]:
        loop = IOLoop.current()
        loop.add_handler(sock, lambda fd, events: self._accept(sock), IOLoop.READ)
        return lambda: None if self._paused else loop.remove_handler(sock)

    def _accept(self, sock: socket.socket) -> None:
        for _ in range(128):  # then let other callbacks run
            try:
                connection, address = sock.accept()
            except (BlockingIOError, ConnectionAbortedError):
                return
            except OSError as exc:
                if exc.errno not in _OUT_OF_FILES:
                    raise
                log.error("Cannot accept connections: %s; closing idle ones.", exc.strerror)
                if not self._evict_idle():
                    self._pause(sock)
                return
            if len(self._opened) >= self.bound and not self._evict_idle():
                connection.close()  # every connection is mid-request: refuse this one
                log.warning("Refused a connection: %d connections are all busy.", self.bound)
                continue
            self._handle_connection(connection, address)

    def _pause(self, sock: socket.socket, seconds: float = 0.25) -> None:
        loop = IOLoop.current()
        loop.remove_handler(sock)
        self._paused = True

        def resume() -> None:
            self._paused = False
            if sock.fileno() in self._sockets:
                loop.add_handler(sock, lambda fd, events: self._accept(sock), IOLoop.READ)

        loop.call_later(seconds, resume)

    def _evict_idle(self) -> bool:
        idle = [c for c in self._opened if c not in self._busy]
        if not idle:
            return False
        oldest = min(idle, key=self._opened.__getitem__)
        oldest.stream.close()
        self._forget(oldest)
        return True

    # -- connection bookkeeping ---------------------------------------------------------

    def handle_stream(self, stream: Any, address: tuple[Any, ...]) -> None:
        super().handle_stream(stream, address)
        for conn in self._connections:
            if conn.stream is stream:
                self._opened[conn] = time.monotonic()

    def on_close(self, server_conn: object) -> None:
        super().on_close(server_conn)
        self._forget(server_conn)

    def _forget(self, conn: object) -> None:
        self._opened.pop(conn, None)  # type: ignore[call-overload]
        self._busy.discard(conn)  # type: ignore[arg-type]

    def start_request(self, server_conn: object, request_conn: httputil.HTTPConnection
                      ) -> httputil.HTTPMessageDelegate:
        self._busy.discard(server_conn)  # type: ignore[arg-type]  # the last response is out
        inner = super().start_request(server_conn, request_conn)
        return _Tracked(inner, server_conn, self._busy)  # type: ignore[arg-type]

    @property
    def open_connections(self) -> int:
        return len(self._opened)


class _Tracked(httputil.HTTPMessageDelegate):
    """Marks a connection busy from its request's headers; the server marks it idle again
    when the connection starts reading its next request (the response is written by then)."""

    def __init__(self, inner: httputil.HTTPMessageDelegate, conn: HTTP1ServerConnection,
                 busy: set[HTTP1ServerConnection]) -> None:
        self.inner, self.conn, self.busy = inner, conn, busy

    def headers_received(self, start_line: Any, headers: httputil.HTTPHeaders) -> Any:
        self.busy.add(self.conn)
        return self.inner.headers_received(start_line, headers)

    def data_received(self, chunk: bytes) -> Any:
        return self.inner.data_received(chunk)

    def finish(self) -> None:  # the body is read; the response may still be under way
        self.inner.finish()

    def on_connection_close(self) -> None:
        self.busy.discard(self.conn)
        self.inner.on_connection_close()

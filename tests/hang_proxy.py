"""A TCP proxy on loopback that can be made to hang: connections stay open, nothing answers.

That is what a network partition, a frozen host or a stuck failover looks like from the client,
and unlike a refused connection no driver timeout notices it. Used by the tests and by
bench/db_hang.py in front of the local PostgreSQL.
"""

from __future__ import annotations

import contextlib
import select
import socket
import threading
from types import TracebackType


class HangingProxy:
    def __init__(self, upstream: tuple[str, int]) -> None:
        self.upstream = upstream
        self._flowing = threading.Event()
        self._flowing.set()
        self._closed = threading.Event()
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        threading.Thread(target=self._accept, name="hang-proxy", daemon=True).start()

    def hang(self) -> None:
        """From now on nothing is forwarded either way, on open connections and new ones alike."""
        self._flowing.clear()

    def release(self) -> None:
        """Forward again, including whatever waited meanwhile."""
        self._flowing.set()

    def close(self) -> None:
        self._closed.set()
        self._flowing.set()
        self._listener.close()
        with self._lock:
            for sock in self._sockets:
                sock.close()

    def __enter__(self) -> HangingProxy:
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.close()

    def _accept(self) -> None:
        while not self._closed.is_set():
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(self.upstream, timeout=5)
            except OSError:
                client.close()
                continue
            server.settimeout(None)
            with self._lock:
                self._sockets += [client, server]
            for src, dst in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(src, dst), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket) -> None:
        try:
            while not self._closed.is_set():
                self._flowing.wait()
                readable, _, _ = select.select([src], [], [], 0.05)
                if not readable or not self._flowing.is_set():
                    continue  # while hung, bytes wait unread in the kernel: the peer sees silence
                data = src.recv(65536)
                if not data:
                    break
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (src, dst):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

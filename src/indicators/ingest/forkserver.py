"""Worker processes for reading uploads: a preloaded fork server, or a plain fork from a single-threaded caller.

A job is one child process. It talks to its caller over its own socket in length-prefixed pickles (its pid,
progress, and a last frame saying the result is ready) and writes its result into a memfd the caller reads once
it has ended, so a million-row result is not pushed through a socket in small pieces. The upload's bytes reach a
forked child for free (inherited) and a fork-server child through a memfd.

`python -m indicators.ingest.forkserver FD` is the fork server: started once per app process, it imports the
readers and the pipeline (about a second) and then forks a ready child per job in milliseconds. The app server runs
many threads, and forking such a process directly is unsafe (a lock another thread holds stays locked in the
child), so the server's children come from this single-threaded process instead. A caller with a single thread
(the command line, a benchmark) forks itself. A child dies with its parent (PR_SET_PDEATHSIG); the fork server
ends when its caller's socket closes.
"""

from __future__ import annotations

import ctypes
import faulthandler
import mmap
import os
import pickle
import select
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

HEADER = struct.Struct("!Q")
PR_SET_PDEATHSIG = 1
PRELOAD = ("pandas", "pyarrow", "pyarrow.csv", "pyarrow.compute", "python_calamine", "fastexcel",
           "indicators.ingest.pipeline", "indicators.ingest.sandbox")


class Files(NamedTuple):
    """The child's files: the upload (a memfd, or -1 when the bytes were inherited), its stderr, its result."""

    data: int
    stderr: int
    result: int


JobMain = Callable[[socket.socket, Files, bytes | None], None]     # module-level: the fork server gets it by name


def send_frame(sock: socket.socket, obj: object) -> None:
    """One pickled object, length-prefixed."""
    payload = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    sock.sendall(HEADER.pack(len(payload)) + payload)


def recv_frame(sock: socket.socket) -> object:
    """One frame, waiting for it (the child's side)."""
    head = _recv_exactly(sock, HEADER.size)
    return pickle.loads(_recv_exactly(sock, HEADER.unpack(head)[0]))


def _recv_exactly(sock: socket.socket, n: int) -> bytearray:
    buf = bytearray(n)
    view, got = memoryview(buf), 0
    while got < n:
        k = sock.recv_into(view[got:])
        if not k:
            raise EOFError("the caller closed the job socket")
        got += k
    return buf


def write_result(fd: int, obj: object) -> int:
    """Pickle obj into the result file, its large buffers (arrays) out of band; return the file's size.

    Layout: a header (pickle size, buffer count), the buffer sizes, the pickle, then each buffer at a 64-byte
    boundary, so the caller maps the file and rebuilds the arrays on its pages without copying them.
    """
    buffers: list[pickle.PickleBuffer] = []
    main = pickle.dumps(obj, protocol=5, buffer_callback=buffers.append)
    raws = [b.raw() for b in buffers]
    head = HEADER.pack(len(main)) + HEADER.pack(len(raws)) + b"".join(HEADER.pack(r.nbytes) for r in raws)
    parts, pos = [head, main], len(head) + len(main)
    for r in raws:
        pad = -pos % 64
        parts += [b"\0" * pad, r]
        pos += pad + r.nbytes
    written = os.pwritev(fd, parts, 0) if len(parts) < 1000 else sum(os.write(fd, p) for p in parts)
    while written < pos:                      # a short write (very large results): the rest in one go
        written += os.pwrite(fd, b"".join(bytes(p) for p in parts)[written:], written)
    return pos


def read_result(fd: int) -> object:
    """The object write_result left in fd, its arrays on a private copy-on-write mapping of the file."""
    size = os.fstat(fd).st_size
    mm = mmap.mmap(fd, size, flags=mmap.MAP_PRIVATE, prot=mmap.PROT_READ | mmap.PROT_WRITE)
    view = memoryview(mm)
    n_main, n_buf = HEADER.unpack_from(view, 0)[0], HEADER.unpack_from(view, HEADER.size)[0]
    sizes = [HEADER.unpack_from(view, HEADER.size * (2 + i))[0] for i in range(n_buf)]
    pos = HEADER.size * (2 + n_buf)
    main = view[pos:pos + n_main]
    pos += n_main
    buffers = []
    for n in sizes:
        pos += -pos % 64
        buffers.append(view[pos:pos + n])
        pos += n
    return pickle.loads(main, buffers=buffers)


class FrameReader:
    """Frames from a socket, read without blocking longer than the caller's poll interval."""

    def __init__(self, sock: socket.socket):
        self.sock = sock
        self.buf = bytearray()
        self.closed = False

    def poll(self, timeout: float) -> list[object]:
        """Whatever complete frames arrive within timeout (an empty list if none); sets closed at end of stream."""
        ready, _, _ = select.select([self.sock], [], [], timeout)
        while ready and not self.closed:
            try:
                chunk = self.sock.recv(65536)
            except ConnectionResetError:        # the child died with part of its request unread
                chunk = b""
            if not chunk:
                self.closed = True
            self.buf += chunk
            ready, _, _ = select.select([self.sock], [], [], 0)
        out = []
        while len(self.buf) >= HEADER.size and len(self.buf) >= HEADER.size + HEADER.unpack_from(self.buf)[0]:
            n = HEADER.unpack_from(self.buf)[0]
            out.append(pickle.loads(self.buf[HEADER.size:HEADER.size + n]))
            del self.buf[:HEADER.size + n]
        return out


@dataclass
class Job:
    """A running child: its pid, the caller's end of its socket and files, how to stop it and learn its end."""

    pid: int
    sock: socket.socket
    files: Files
    owner: Zygote | None = None       # None: the caller forked it and reaps it itself
    status: int | None = None         # wait status once known

    def __post_init__(self) -> None:
        self.reader = FrameReader(self.sock)

    def frames(self, timeout: float) -> list[object]:
        """The child's frames arriving within timeout; its pid and (from a fork server) its end are noted."""
        out = self.reader.poll(timeout)
        for frame in out:
            if frame[0] == "pid":
                self.pid = frame[1]
            elif frame[0] == "exit":
                self.status = frame[1]
        return out

    def kill(self) -> None:
        """Stop the child now (SIGKILL); a fork server's child is named by the pid it announced first."""
        if self.status is not None:
            return
        if self.owner is None:
            _kill_quietly(self.pid)
            return
        deadline = time.monotonic() + 10
        while not self.pid and not self.reader.closed and time.monotonic() < deadline:
            self.frames(0.1)                    # its first frame; later ones are of no use once it is stopped
        self.owner.kill(self.pid)

    def reap(self, block: bool = False) -> int | None:
        """The child's wait status if it has ended (a fork server reports it as a frame on the job socket)."""
        if self.status is None and self.owner is None:
            pid, status = os.waitpid(self.pid, 0 if block else os.WNOHANG)
            if pid:
                self.status = status
        elif self.status is None and block:
            while not self.reader.closed and self.status is None:
                self.frames(1.0)
        return self.status

    def result(self) -> object:
        """The object the child wrote to its result file."""
        return read_result(self.files.result)

    def stderr(self) -> str:
        """What the child wrote to standard error (a native reader's last words): its first and last 2 KB."""
        try:
            size = os.fstat(self.files.stderr).st_size
            head = os.pread(self.files.stderr, min(size, 2048), 0)
            tail = os.pread(self.files.stderr, 2048, max(2048, size - 2048)) if size > 2048 else b""
            return (head + b"\n" + tail).decode("utf-8", errors="replace")
        except OSError:
            return ""

    def close(self) -> None:
        """Release the socket and the files (after the child has ended)."""
        self.sock.close()
        for fd in (self.files.stderr, self.files.result):
            try:
                os.close(fd)
            except OSError:
                pass


def _kill_quietly(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def die_with_parent() -> None:
    """Ask the kernel to SIGKILL this process when its parent ends."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def _child(sock: socket.socket, files: Files, data: bytes | None, main: JobMain) -> None:
    """In the new process: stderr to its file, announce the pid, run the job; never returns."""
    code = 0
    try:
        die_with_parent()
        os.environ["RUST_BACKTRACE"] = "0"          # a native reader's panic in one line, not a backtrace
        os.dup2(files.stderr, 2)
        sys.stderr = open(2, "w", encoding="utf-8", errors="replace", closefd=False)    # not a caller's capture
        faulthandler.enable(file=sys.stderr)         # a segfault's Python stack goes to the captured stderr
        send_frame(sock, ("pid", os.getpid()))
        main(sock, files, data)
    except BaseException:  # noqa: BLE001 - the caller learns the end from the exit status and captured stderr
        import traceback

        traceback.print_exc()
        code = 1
    finally:
        sys.stderr.flush()
        os._exit(code)


def _memfds() -> tuple[int, int]:
    return os.memfd_create("ingest-stderr"), os.memfd_create("ingest-result")


def fork_job(main: JobMain, data: bytes) -> Job:
    """Fork this (single-threaded) process into a job child, which inherits the bytes."""
    ours, theirs = socket.socketpair()
    stderr_fd, result_fd = _memfds()
    files = Files(-1, stderr_fd, result_fd)
    pid = os.fork()
    if pid == 0:
        ours.close()
        _child(theirs, files, data, main)
    theirs.close()
    return Job(pid, ours, files)


class Zygote:
    """The caller's handle on a fork server process; safe to use from several threads."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.proc: subprocess.Popen | None = None
        self.control: socket.socket | None = None

    def start(self) -> None:
        """Start the server (idempotent); returns at once, the server imports in the background."""
        with self.lock:
            self._start()

    def _start(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            return
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self.proc = subprocess.Popen([sys.executable, "-m", "indicators.ingest.forkserver", str(theirs.fileno())],
                                     pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL, close_fds=True)
        theirs.close()
        self.control = ours

    def launch(self, main: JobMain, data: bytes) -> Job:
        """A child of the server running `main`; the bytes go over in a memfd."""
        ours, theirs = socket.socketpair()
        data_fd = os.memfd_create("upload")
        view, done = memoryview(data), 0
        while done < len(view):
            done += os.write(data_fd, view[done:])
        stderr_fd, result_fd = _memfds()
        fds = [theirs.fileno(), data_fd, stderr_fd, result_fd]
        request = [pickle.dumps(("job", main))]
        try:
            with self.lock:
                self._start()
                try:
                    socket.send_fds(self.control, request, fds)
                except OSError:             # the server has died: start another once
                    self.proc = None
                    self._start()
                    socket.send_fds(self.control, request, fds)
        finally:
            theirs.close()
            os.close(data_fd)
        return Job(0, ours, Files(-1, stderr_fd, result_fd), owner=self)

    def kill(self, pid: int) -> None:
        """Ask the server to kill one of its children (it alone knows whether the pid is still its child)."""
        with self.lock:
            if self.control is not None and pid:
                try:
                    self.control.send(pickle.dumps(("kill", pid)))
                except OSError:
                    pass

    def stop(self) -> None:
        """End the server (its children die with it)."""
        with self.lock:
            if self.proc is not None:
                self.proc.kill()
                self.proc.wait()
                self.proc = None
            if self.control is not None:
                self.control.close()
                self.control = None


def serve(control_fd: int) -> None:
    """The fork server's loop: fork a child per job request, kill children on request, report each child's end.

    It ends, killing its children, when its caller's end of the control socket closes: the app server has stopped
    (however it died). PR_SET_PDEATHSIG would not do here: it fires when the *thread* that started this process
    ends, and the app starts it from a page's script thread.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in PRELOAD:
        __import__(name)
    control = socket.socket(fileno=control_fd)
    jobs: dict[int, socket.socket] = {}
    wake_r, wake_w = os.pipe()               # SIGCHLD wakes the loop, so a child's end is reported at once
    os.set_blocking(wake_r, False)
    os.set_blocking(wake_w, False)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    while True:
        ready, _, _ = select.select([control, wake_r], [], [], 1.0)
        if wake_r in ready:
            while True:
                try:
                    if not os.read(wake_r, 512):
                        break
                except BlockingIOError:
                    break
        if control in ready:
            try:
                msg, fds, _flags, _addr = socket.recv_fds(control, 4096, 4)
            except OSError:
                break
            if not msg:                 # the caller has gone
                break
            kind, arg = pickle.loads(msg)
            if kind == "job" and len(fds) == 4:
                _start_job(arg, fds, jobs, control)
            elif kind == "kill" and arg in jobs:
                _kill_quietly(arg)
            else:
                for fd in fds:
                    os.close(fd)
        _reap(jobs)
    for pid in list(jobs):
        _kill_quietly(pid)


def _start_job(main: JobMain, fds: list[int], jobs: dict[int, socket.socket], control: socket.socket) -> None:
    job_fd, data_fd, stderr_fd, result_fd = fds
    sock = socket.socket(fileno=job_fd)
    pid = os.fork()
    if pid == 0:
        signal.set_wakeup_fd(-1)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        control.close()
        for other in jobs.values():
            other.close()
        _child(sock, Files(data_fd, stderr_fd, result_fd), None, main)
    for fd in (data_fd, stderr_fd, result_fd):
        os.close(fd)
    jobs[pid] = sock


def _reap(jobs: dict[int, socket.socket]) -> None:
    """Report each ended child's wait status on its job socket, then let go of the socket."""
    while jobs:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if not pid:
            return
        sock = jobs.pop(pid, None)
        if sock is not None:
            try:
                send_frame(sock, ("exit", status))
            except OSError:
                pass
            sock.close()


if __name__ == "__main__":
    serve(int(sys.argv[1]))

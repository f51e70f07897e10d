"""A private PostgreSQL cluster for tests and benchmarks: initdb and pg_ctl in a temporary folder, on a free port.

Never the system service: the cluster lives in its own folder, listens on 127.0.0.1 only, trusts local connections
and is removed when stopped. As root (CI), PostgreSQL refuses to run, so its programs run as the `postgres` user that
Debian's package creates. `python -m bench.pgcluster` starts one and prints its URL (Ctrl-C stops it).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path


def bin_dir() -> Path | None:
    """Folder of initdb and pg_ctl (Debian's /usr/lib/postgresql/N/bin, newest), or None when not installed."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parent.parent.name))
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("initdb")
    return Path(on_path).resolve().parent if on_path else None


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """One private cluster: start() gives its base URL; url(db) a database's; stop() removes everything."""

    def __init__(self, durable: bool = True):
        self.durable = durable          # False: fsync off (tests never crash the server; much faster commits)
        self.folder: Path | None = None
        self.port = 0

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        cmd = [str(bin_dir() / args[0]), *args[1:]]
        if os.geteuid() == 0:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        return subprocess.run(cmd, capture_output=True, text=True, check=check, timeout=120)

    def start(self) -> str:
        """initdb, then pg_ctl start; the URL of the `postgres` database."""
        if bin_dir() is None:
            raise RuntimeError("PostgreSQL is not installed (Debian package postgresql)")
        self.folder = Path(tempfile.mkdtemp(prefix="indicators-pg-"))
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")
            os.chown(self.folder, user.pw_uid, user.pw_gid)
        data = self.folder / "data"
        self._run("initdb", "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8")
        self.port = free_port()
        opts = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.folder} -c max_connections=200"
        if not self.durable:
            opts += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._run("pg_ctl", "-D", str(data), "-o", opts, "-l", str(self.folder / "server.log"), "-w", "start")
        return self.url("postgres")

    def url(self, database: str) -> str:
        """URL of a database of this cluster."""
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        """A new empty database; its URL."""
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as con:
            con.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        """Stop the server (fast shutdown) and remove its folder."""
        if self.folder is None:
            return
        self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", "fast", "-w", "stop", check=False)
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder = None


if __name__ == "__main__":
    cluster = Cluster()
    print(cluster.start(), flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        cluster.stop()

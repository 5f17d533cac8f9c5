"""A throw-away PostgreSQL cluster for tests and benchmarks.

Uses the server binaries of Debian's ``postgresql-15`` package (``initdb``
and ``pg_ctl`` on PATH or under /usr/lib/postgresql/*/bin). The cluster
lives in a temporary folder, listens only on a Unix socket in that folder
(no TCP port, nothing reachable from outside) and is removed on stop.
PostgreSQL refuses to run as root: as root, the binaries run as the
``postgres`` system user (created by the Debian package) via ``runuser``.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


class ClusterUnavailable(RuntimeError):
    """No PostgreSQL server binaries on this machine."""


def _find_bin(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    if candidates:
        return candidates[0]
    raise ClusterUnavailable(
        f"'{name}' not found: install Debian's postgresql-15 package (apt-get install postgresql-15)"
    )


@dataclass
class Cluster:
    root: Path
    socket_dir: Path
    run_as: str | None
    pg_ctl: str

    @property
    def url(self) -> str:
        # psycopg accepts a socket folder as host, URL-encoded.
        from urllib.parse import quote

        return f"postgres://postgres@{quote(str(self.socket_dir), safe='')}:5432/postgres"

    def stop(self) -> None:
        subprocess.run(
            _as(self.run_as, [self.pg_ctl, "-D", str(self.root / "data"), "-m", "immediate", "stop"]),
            check=False,
            capture_output=True,
        )
        shutil.rmtree(self.root, ignore_errors=True)


def _as(user: str | None, argv: list[str]) -> list[str]:
    if user is None:
        return argv
    return ["runuser", "-u", user, "--", *argv]


def start_cluster(*, fsync: bool = False) -> Cluster:
    """initdb + pg_ctl start in a new temporary folder; returns the running cluster."""
    initdb = _find_bin("initdb")
    pg_ctl = _find_bin("pg_ctl")
    run_as = None
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError as error:
            raise ClusterUnavailable(
                "running as root and no 'postgres' system user to run the server"
            ) from error
        run_as = "postgres"
    root = Path(tempfile.mkdtemp(prefix="congdoan-pg-"))
    socket_dir = root / "socket"
    socket_dir.mkdir()
    if run_as is not None:
        entry = pwd.getpwnam(run_as)
        for path in (root, socket_dir):
            os.chown(path, entry.pw_uid, entry.pw_gid)
    data = root / "data"
    subprocess.run(
        _as(
            run_as,
            [initdb, "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"],
        ),
        check=True,
        capture_output=True,
    )
    options = f"-k {socket_dir} -c listen_addresses='' -c max_connections=200"
    if not fsync:
        options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    result = subprocess.run(
        _as(run_as, [pg_ctl, "-D", str(data), "-o", options, "-l", str(root / "server.log"), "-w", "start"]),
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        log = (root / "server.log").read_text(errors="replace") if (root / "server.log").exists() else ""
        shutil.rmtree(root, ignore_errors=True)
        raise ClusterUnavailable(f"pg_ctl start failed: {result.stderr}\n{log}")
    return Cluster(root=root, socket_dir=socket_dir, run_as=run_as, pg_ctl=pg_ctl)

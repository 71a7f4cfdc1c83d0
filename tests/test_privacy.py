"""Private data stays on the machine.

* **No network at run time.** Every command (validate, summary, import of each
  source, insights, rank, and the report with ``--anonymize``) runs with the
  network blocked, twice over:

  - a ``sitecustomize.py`` put first on ``PYTHONPATH`` (so it loads in the
    command *and* in the Jupyter kernel the report starts) makes
    ``socket.connect``/``connect_ex``/``sendto``/``getaddrinfo`` raise for any
    address that is not loopback or a Unix socket, and logs the attempt: the
    test fails if the log is not empty;
  - where ``unshare -n`` works (root, Linux), the command also runs in a
    fresh network namespace whose only interface is ``lo``.

  A control run proves the blocker blocks.
* **The kernel's transport.** papermill starts the kernel through
  jupyter_client, whose default transport is TCP on 127.0.0.1 (loopback only),
  with messages signed by HMAC-SHA256 with a random key from the connection
  file. Other local users could connect to a loopback port, so what protects
  the kernel is that key: the ``sitecustomize`` also records, inside the
  kernel, the connection file's mode, transport, address and key; the test
  checks the file is readable by its owner only (``0600``), the address is
  loopback (or the transport is ``ipc``) and the key is not empty.
* **--anonymize**: none of the logbook's names, e-mails, URLs or companies
  (``meetupstats.anonymize.identifying_values``) appear in the report HTML,
  its JSON or its card PNG (its bytes, metadata chunks included).
* **git**: the default ``.gitignore`` keeps personal logbooks and rendered
  reports out of git (``git check-ignore``), while the sample logbook stays in.
"""

from __future__ import annotations

import html
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from meetupstats.anonymize import identifying_values
from meetupstats.logbook import load_logbook
from meetupstats.resources import sample_logbook_dir

ROOT = Path(__file__).resolve().parent.parent
EXPORTS = Path(__file__).resolve().parent / "fixtures" / "exports"

SITECUSTOMIZE = r'''
"""Test network blocker (tests/test_privacy.py): loopback and Unix sockets only."""
import ipaddress
import json
import os
import socket
import sys

_LOG = os.environ["MEETUPSTATS_TEST_NET_LOG"]


def _note(kind, what):
    with open(_LOG, "a", encoding="utf-8") as f:
        f.write(json.dumps({"pid": os.getpid(), "kind": kind, "what": what}) + "\n")


def _local_host(host):
    if host in ("localhost", "localhost.localdomain", "", None):
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


def _allowed(family, address):
    if family == getattr(socket, "AF_UNIX", None) or family == getattr(socket, "AF_NETLINK", None):
        return True
    if isinstance(address, tuple) and address:
        return _local_host(address[0])
    return False


def _guard(name, original):
    def guarded(self, address, *args):
        if not _allowed(self.family, address):
            _note("blocked " + name, repr(address))
            raise OSError(101, "network blocked by the meetupstats privacy test")
        return original(self, address, *args)
    return guarded


socket.socket.connect = _guard("connect", socket.socket.connect)
socket.socket.connect_ex = _guard("connect_ex", socket.socket.connect_ex)
_sendto = socket.socket.sendto


def _guarded_sendto(self, data, *args):
    address = args[-1]
    if not _allowed(self.family, address):
        _note("blocked sendto", repr(address))
        raise OSError(101, "network blocked by the meetupstats privacy test")
    return _sendto(self, data, *args)


socket.socket.sendto = _guarded_sendto
_getaddrinfo = socket.getaddrinfo


def _guarded_getaddrinfo(host, *args, **kwargs):
    if not _local_host(host if not isinstance(host, bytes) else host.decode()):
        _note("blocked getaddrinfo", repr(host))
        raise socket.gaierror(socket.EAI_NONAME, "name lookup blocked by the meetupstats privacy test")
    return _getaddrinfo(host, *args, **kwargs)


socket.getaddrinfo = _guarded_getaddrinfo

# Inside a Jupyter kernel: record how it talks (its connection file).
_argv = getattr(sys, "orig_argv", sys.argv)  # sys.argv is not set up yet here
if "-f" in _argv and "ipykernel" in " ".join(_argv):
    path = _argv[_argv.index("-f") + 1]
    try:
        info = json.load(open(path, encoding="utf-8"))
        mode = os.stat(path).st_mode & 0o777
        _note("kernel", {"mode": mode, "transport": info.get("transport"), "ip": info.get("ip"),
                         "key_set": bool(info.get("key")), "scheme": info.get("signature_scheme")})
    except OSError as e:
        _note("kernel", {"error": str(e)})
'''


def _unshare_works() -> bool:
    unshare, ip = shutil.which("unshare"), shutil.which("ip")
    if not (unshare and ip):
        return False
    probe = subprocess.run(
        [unshare, "-n", "sh", "-c", f"{ip} link set lo up"], capture_output=True, timeout=30
    )
    return probe.returncode == 0


UNSHARE = _unshare_works()


@pytest.fixture(scope="module")
def blocked(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(folder holding sitecustomize.py, the log of blocked attempts)."""
    root = tmp_path_factory.mktemp("noNet")
    (root / "site").mkdir()
    (root / "site" / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    return root / "site", root / "net.log"


def _offline(
    cmd: list[str], blocked: tuple[Path, Path], cwd: Path
) -> subprocess.CompletedProcess[str]:
    site, log = blocked
    env = {k: v for k, v in os.environ.items() if k != "MEETUPSTATS_DATA"}
    env["PYTHONPATH"] = os.pathsep.join([str(site), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env["MEETUPSTATS_TEST_NET_LOG"] = str(log)
    if UNSHARE:
        inner = " ".join(_quote(c) for c in cmd)
        cmd = ["unshare", "-n", "sh", "-c", f"ip link set lo up && exec {inner}"]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=600, env=env, cwd=cwd)


def _quote(text: str) -> str:
    import shlex

    return shlex.quote(text)


def _log(blocked: tuple[Path, Path]) -> list[dict[str, object]]:
    log = blocked[1]
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]


def test_the_blocker_blocks(blocked: tuple[Path, Path], tmp_path: Path) -> None:
    """Control: a command that reaches out fails and is logged."""
    proc = _offline(
        [
            sys.executable,
            "-c",
            "import socket\n"
            "try:\n    socket.create_connection(('192.0.2.1', 80), timeout=3)\n"
            "except OSError as e:\n    print('refused', e)\n",
        ],
        blocked,
        tmp_path,
    )
    assert "refused" in proc.stdout, proc.stderr
    attempts = _log(blocked)
    assert any("192.0.2.1" in str(a["what"]) for a in attempts)
    blocked[1].unlink()


@pytest.fixture(scope="module")
def logbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("private") / "logbook"
    shutil.copytree(sample_logbook_dir(), folder)
    return folder


COMMANDS = {
    "validate": ["validate"],
    "summary": ["summary", "--year", "2025", "--json"],
    "import-linkedin": ["import", "linkedin", str(EXPORTS / "Connections.csv")],
    "import-ics": ["import", "ics", str(EXPORTS / "google_calendar.ics")],
    "import-vcard": ["import", "vcard", str(EXPORTS / "iphone_30.vcf")],
    "insights": ["insights", "--year", "2025", "--json"],
    "rank": ["rank", str(EXPORTS / "meetup_invite.ics"), "--since", "2025-01-01"],
}


@pytest.mark.parametrize("name", list(COMMANDS))
def test_command_runs_offline(
    name: str, blocked: tuple[Path, Path], logbook: Path, tmp_path: Path
) -> None:
    cmd = [sys.executable, "-m", "meetupstats", *COMMANDS[name], "--data", str(logbook)]
    proc = _offline(cmd, blocked, tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert _log(blocked) == [], "a network call was attempted"


@pytest.fixture(scope="module")
def anonymized(
    blocked: tuple[Path, Path], logbook: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, subprocess.CompletedProcess[str]]:
    out = tmp_path_factory.mktemp("shared") / "shared.html"
    cmd = [
        sys.executable,
        "-m",
        "meetupstats",
        "report",
        "--data",
        str(logbook),
        "--year",
        "2025",
        "--anonymize",
        "--out",
        str(out),
    ]
    return out, _offline(cmd, blocked, out.parent)


def test_report_renders_offline(
    anonymized: tuple[Path, subprocess.CompletedProcess[str]], blocked: tuple[Path, Path]
) -> None:
    out, proc = anonymized
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert out.is_file()
    attempts = [a for a in _log(blocked) if a["kind"] != "kernel"]
    assert attempts == [], "a network call was attempted"


def test_kernel_transport_is_local_and_private(
    anonymized: tuple[Path, subprocess.CompletedProcess[str]], blocked: tuple[Path, Path]
) -> None:
    kernels = [a["what"] for a in _log(blocked) if a["kind"] == "kernel"]
    assert kernels, "the kernel did not load the test's sitecustomize"
    for info in kernels:
        assert isinstance(info, dict) and "error" not in info, info
        assert info["mode"] & 0o077 == 0, f"connection file mode {info['mode']:o}"
        assert info["transport"] == "ipc" or info["ip"] in ("127.0.0.1", "::1"), info
        assert info["key_set"] and info["scheme"] == "hmac-sha256", info


def test_anonymized_report_json_and_card_hold_no_identifier(
    anonymized: tuple[Path, subprocess.CompletedProcess[str]], logbook: Path
) -> None:
    out, proc = anonymized
    assert proc.returncode == 0, proc.stderr[-2000:]
    # the logbook as the report saw it: the sample plus what the imports above added
    values = [v for v in identifying_values(load_logbook(logbook)) if len(v) >= 4]
    assert len(values) > 50
    page = html.unescape(out.read_text(encoding="utf-8")).lower()
    data = out.with_suffix(".json").read_text(encoding="utf-8").lower()
    card = out.with_name(f"{out.stem}-card.png").read_bytes().lower()
    leaked = [
        v
        for v in values
        if v.lower() in page or v.lower() in data or v.lower().encode("utf-8") in card
    ]
    assert leaked == []


def test_gitignore_keeps_personal_data_out() -> None:
    git = shutil.which("git")
    if git is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    private = [
        "data/personal/events.csv",
        "data/my-logbook/contacts.csv",
        "reports/reflection-2025.html",
        "reports/reflection-2025.json",
        "reports/reflection-2025-card.png",
        "shared.html",
        "data/sample/.backup/20250101T000000/events.csv",
        "data/sample/.lock",
    ]
    public = [
        "data/sample/events.csv",
        "meetupstats/report.py",
        "notebooks/yearly_reflection.ipynb",
    ]
    ignored = subprocess.run(
        [git, "check-ignore", "--no-index", *private], cwd=ROOT, capture_output=True, text=True
    )
    assert sorted(ignored.stdout.split()) == sorted(private)
    kept = subprocess.run(
        [git, "check-ignore", "--no-index", *public], cwd=ROOT, capture_output=True, text=True
    )
    assert kept.stdout.split() == []

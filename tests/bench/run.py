"""``make bench``: the real server (``keten serve``, gunicorn) on loopback, driven by wrk.

Every ``tests/bench/*_scenarios.py`` module names endpoints; each is measured for
BENCH_DURATION seconds with BENCH_CONNECTIONS connections, next to a trivial baseline view,
and one table prints requests per second, p50 and p99 latency and the ratio to the baseline.
The data live in a fresh folder (BENCH_DATA_DIR, default a temporary one) on SQLite, or on
the PostgreSQL database named by DATABASE_URL.

BENCH_SERVERS=2 (PostgreSQL only) starts two servers on one database and measures report
submission and the case page against one server, then against both at once (the connections
split between them, as a load balancer would), and prints the two side by side.
"""

from __future__ import annotations

import importlib
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from tests.bench.harness import Bench, Endpoint

ROOT = Path(__file__).resolve().parents[2]
#: Seconds of unmeasured load on each GET endpoint before its measured run (0: none).
WARM_UP = int(os.environ.get("BENCH_WARMUP", "1"))
DURATION = int(os.environ.get("BENCH_DURATION", "5"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
SCALE = int(os.environ.get("BENCH_SCALE", "1000"))
ONLY = os.environ.get("BENCH_ONLY", "")
WORKERS = os.environ.get("BENCH_WORKERS", "4")
SERVERS = int(os.environ.get("BENCH_SERVERS", "1"))
# What BENCH_SERVERS=2 compares: the endpoints whose names start so.
CLUSTER_ENDPOINTS = ("report submission", "case page")


@dataclass
class Result:
    endpoint: Endpoint
    requests_per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def lua_script(endpoint: Endpoint) -> str:
    def literal(text: str) -> str:
        return f"[==[{text}]==]"

    lines = [f"wrk.method = {literal(endpoint.method)}"]
    if endpoint.body:
        lines.append(f"wrk.body = {literal(endpoint.body)}")
        lines.append(f'wrk.headers["Content-Type"] = {literal(endpoint.content_type)}')
    for name, value in endpoint.headers.items():
        # The spaces matter: "[[" would open a Lua long string.
        lines.append(f"wrk.headers[ {literal(name)} ] = {literal(value)}")
    if endpoint.lua_request:
        lines.append(endpoint.lua_request)
    # wrk's --latency table has no 95th percentile; ask for it directly (microseconds).
    lines.append(
        'done = function(summary, latency, requests) io.write(string.format("P95: %d\\n", '
        "latency:percentile(95))) end"
    )
    return "\n".join(lines) + "\n"


def to_ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def check_status(base_url: str, endpoint: Endpoint) -> None:
    headers = {"Content-Type": endpoint.content_type, **endpoint.headers}
    request = urllib.request.Request(  # noqa: S310
        base_url + endpoint.path, data=endpoint.body.encode() or None, method=endpoint.method, headers=headers
    )
    try:
        status = urllib.request.build_opener(NoRedirect).open(request, timeout=30).status
    except urllib.error.HTTPError as error:
        status = error.code
    if status != endpoint.expect_status:
        raise SystemExit(
            f"{endpoint.name}: {endpoint.method} {endpoint.path} answered {status}, "
            f"expected {endpoint.expect_status}"
        )


def wrk_command(
    base_url: str, endpoint: Endpoint, workdir: Path, connections: int, duration: int = DURATION
) -> list[str]:
    script = workdir / f"{abs(hash(endpoint.name))}.lua"
    script.write_text(lua_script(endpoint))
    command = ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{duration}s", "--latency"]
    return [*command, "-s", str(script), base_url + endpoint.path]


def warm_up(base_url: str, endpoint: Endpoint, workdir: Path) -> None:
    """A short unmeasured run first, so that every worker has compiled the page's templates and
    filled what it keeps between requests: the table shows the steady state, not each worker's
    first requests. Only for GET: a POST would add data the measured run then works on."""
    if WARM_UP and endpoint.method == "GET":
        command = wrk_command(base_url, endpoint, workdir, endpoint.connections or CONNECTIONS, WARM_UP)
        subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603


def run_wrk(base_url: str, endpoint: Endpoint, workdir: Path) -> Result:
    command = wrk_command(base_url, endpoint, workdir, endpoint.connections or CONNECTIONS)
    finished = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603
    return parse_wrk(endpoint, finished.stdout, finished.stderr)


def parse_wrk(endpoint: Endpoint, output: str, stderr: str) -> Result:
    # A broken script still lets wrk run, without its headers: refuse such a measurement.
    if stderr.strip() or "P95: " not in output:
        raise SystemExit(f"{endpoint.name}: wrk gave no latency figures\n{output}\n{stderr}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    p50 = to_ms(re.search(r"50%\s+([\d.]+\w+)", output).group(1))  # type: ignore[union-attr]
    p95 = int(re.search(r"P95: (\d+)", output).group(1)) / 1000  # type: ignore[union-attr]
    p99 = to_ms(re.search(r"99%\s+([\d.]+\w+)", output).group(1))  # type: ignore[union-attr]
    errors_match = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket_errors = re.search(r"Socket errors:.*timeout (\d+)", output)
    errors = int(errors_match.group(1)) if errors_match else 0
    errors += int(socket_errors.group(1)) if socket_errors else 0
    return Result(endpoint, rps, p50, p95, p99, errors)


def prepare(environment: dict[str, str]) -> list[Endpoint]:
    os.environ.update(environment)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "keten.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    bench = Bench(scale=SCALE)
    endpoints = [Endpoint("baseline (trivial view)", "/baseline")]
    for module_path in sorted((ROOT / "tests" / "bench").glob("*_scenarios.py")):
        if ONLY and ONLY not in module_path.stem:
            continue
        if SERVERS == 2 and module_path.stem not in ("intake_scenarios", "cases_scenarios"):
            continue
        module = importlib.import_module(f"tests.bench.{module_path.stem}")
        started = time.monotonic()
        endpoints += module.endpoints(bench)
        print(f"prepared {module_path.stem} in {time.monotonic() - started:.1f} s", flush=True)
    connections.close_all()
    return endpoints


def wait_until_up(url: str, process: subprocess.Popen[bytes]) -> None:
    # A start compiles the catalogues and collects the static files: slow on a busy machine.
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("the server stopped before it answered")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2):  # noqa: S310
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("the server did not answer within 180 seconds")


def start_server(port: int, environment: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "keten.cli",
            "serve",
            "--bind",
            f"127.0.0.1:{port}",
            "--no-access-log",
            "--workers",
            WORKERS,
        ],
        env=environment,
        stdout=subprocess.DEVNULL,
    )


def run_wrk_on_both(base_urls: list[str], endpoint: Endpoint, workdir: Path) -> Result:
    """The same load as on one server, its connections split over both servers at once."""
    connections = max(1, (endpoint.connections or CONNECTIONS) // len(base_urls))
    running = []
    for number, base_url in enumerate(base_urls):
        command = wrk_command(base_url, endpoint, workdir / str(number), connections)
        running.append(
            subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # noqa: S603
        )
    results = [parse_wrk(endpoint, *process.communicate()) for process in running]
    return Result(
        endpoint,
        sum(result.requests_per_second for result in results),
        max(result.p50_ms for result in results),
        max(result.p95_ms for result in results),
        max(result.p99_ms for result in results),
        sum(result.errors for result in results),
    )


def main() -> None:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install wrk")
    database = "PostgreSQL" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "SQLite"
    if SERVERS not in (1, 2):
        raise SystemExit("BENCH_SERVERS must be 1 or 2")
    if SERVERS == 2 and database != "PostgreSQL":
        raise SystemExit("BENCH_SERVERS=2 needs PostgreSQL: set DATABASE_URL=postgres://...")
    data_dir = Path(os.environ.get("BENCH_DATA_DIR") or tempfile.mkdtemp(prefix="keten-bench-"))
    environment = {"KETEN_DATA_DIR": str(data_dir), "KETEN_SITE_URL": "http://127.0.0.1"}
    endpoints = prepare(environment)
    if SERVERS == 2:
        endpoints = [endpoint for endpoint in endpoints if endpoint.name.startswith(CLUSTER_ENDPOINTS)]
    ports = [free_port() for _ in range(SERVERS)]
    base_urls = [f"http://127.0.0.1:{port}" for port in ports]
    server_env = {**os.environ, **environment, "KETEN_ALLOWED_HOSTS": "127.0.0.1"}
    servers: list[subprocess.Popen[bytes]] = []
    results: list[Result] = []
    side_by_side: list[tuple[Result, Result]] = []
    try:
        # One after the other: each start collects the static files into the shared data folder.
        for port, base_url in zip(ports, base_urls, strict=True):
            servers.append(start_server(port, server_env))
            wait_until_up(base_url, servers[-1])
        with tempfile.TemporaryDirectory() as workdir:
            for number in range(SERVERS):
                (Path(workdir) / str(number)).mkdir()
            for endpoint in endpoints:
                for base_url in base_urls:
                    check_status(base_url, endpoint)
                    warm_up(base_url, endpoint, Path(workdir))
                one = run_wrk(base_urls[0], endpoint, Path(workdir))
                if SERVERS == 2:
                    side_by_side.append((one, run_wrk_on_both(base_urls, endpoint, Path(workdir))))
                else:
                    results.append(one)
                print(f"measured {endpoint.name}", flush=True)
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)
    if SERVERS == 2:
        print_side_by_side(side_by_side)
    else:
        print_table(results, database)


def print_side_by_side(pairs: list[tuple[Result, Result]]) -> None:
    print(
        f"\nKeten benchmark: PostgreSQL, one server against two ({WORKERS} gunicorn workers each), "
        f"the same wrk connections split over both, {DURATION} s per endpoint, scale {SCALE}, "
        f"{os.cpu_count()} CPU cores on this machine\n"
    )
    header = (
        f"{'endpoint':<36} {'conn':>5} {'1 server req/s':>15} {'2 servers req/s':>16} {'ratio':>6} "
        f"{'p99 ms (1)':>11} {'p99 ms (2)':>11} {'errors':>7}"
    )
    print(header)
    print("-" * len(header))
    for one, two in pairs:
        print(
            f"{one.endpoint.name[:36]:<36} {one.endpoint.connections or CONNECTIONS:>5} "
            f"{one.requests_per_second:>15.1f} {two.requests_per_second:>16.1f} "
            f"{two.requests_per_second / (one.requests_per_second or 1.0):>6.2f} "
            f"{one.p99_ms:>11.2f} {two.p99_ms:>11.2f} {one.errors + two.errors:>7}"
        )


def print_table(results: list[Result], database: str) -> None:
    baseline = results[0].requests_per_second or 1.0
    print(
        f"\nKeten benchmark: {database}, {WORKERS} gunicorn workers, wrk {CONNECTIONS} connections "
        "unless the conn column says otherwise, "
        f"{DURATION} s per endpoint, scale {SCALE}\n"
    )
    header = (
        f"{'endpoint':<44} {'method path':<46} {'req/s':>9} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
        f"{'vs base':>8} {'conn':>5} {'errors':>7}"
    )
    print(header)
    print("-" * len(header))
    for result in results:
        endpoint = result.endpoint
        target = f"{endpoint.method} {endpoint.path}"[:46]
        print(
            f"{endpoint.name[:44]:<44} {target:<46} {result.requests_per_second:>9.1f} {result.p50_ms:>8.2f} "
            f"{result.p95_ms:>8.2f} {result.p99_ms:>8.2f} {result.requests_per_second / baseline:>8.2f} "
            f"{endpoint.connections or CONNECTIONS:>5} {result.errors:>7}"
        )


if __name__ == "__main__":
    main()

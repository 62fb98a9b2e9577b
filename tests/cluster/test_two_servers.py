"""Two app servers, one database, one file store: ``make cluster-test`` (needs PostgreSQL).

A report and its file sent through one server are read, answered and downloaded through the
other; a server restarted during a burst of reports loses no acknowledged report and fails only
while it is down; two task workers never run one task twice.
"""

from __future__ import annotations

import io
import json
import os
import re
import threading
import time
from collections.abc import Iterator

import pytest
import requests
from django_otp.oath import totp
from PIL import Image

from tests.cluster.cluster import (
    METRICS_TOKEN,
    Cluster,
    cluster_database_url,
    professional_session,
    recreate_database,
    reporter_session,
    submit_report,
)

pytestmark = pytest.mark.cluster

OPERATOR_EMAIL = "operator@cluster.example"
OPERATOR_PASSWORD = "a long and fine cluster password"
CREATE_OPERATOR = f"""
from keten.accounts.devices import EncryptedTOTPDevice
from keten.accounts.models import Membership, Organisation, User
from keten.accounts.roles import OrganisationKind, Role
hotline = Organisation.objects.create(name="Hotline", kind=OrganisationKind.HOTLINE, slug="hotline")
user = User.objects.create_user(
    email="{OPERATOR_EMAIL}", password="{OPERATOR_PASSWORD}", full_name="Operator"
)
Membership.objects.create(user=user, organisation=hotline, role=Role.HOTLINE_OPERATOR)
device = EncryptedTOTPDevice.objects.create(user=user, name="Authenticator", confirmed=True)
print(device.bin_key.hex(), device.step, device.t0, device.digits)
"""


@pytest.fixture(scope="module")
def cluster() -> Iterator[tuple[Cluster, list[str]]]:
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        pytest.skip(
            "The cluster test needs PostgreSQL: DATABASE_URL=postgres://user@host:port/name make "
            "cluster-test (it makes and uses the database name_cluster)."
        )
    url = cluster_database_url(database_url)
    recreate_database(url)
    running = Cluster(url)
    running.keten("migrate", "--no-input", "--verbosity", "0")
    operator_key = running.keten("shell", "-c", CREATE_OPERATOR).splitlines()[-1].split()
    try:
        running.start_server(0)
        running.start_server(1)
        running.start_workers()
        yield running, operator_key
    finally:
        running.stop()


def code_now(operator_key: list[str]) -> str:
    key, step, t0, digits = bytes.fromhex(operator_key[0]), *map(int, operator_key[1:])
    return f"{totp(key, step, t0, digits):0{digits}d}"


def png() -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (12, 12), (30, 160, 90)).save(output, format="PNG")
    return output.getvalue()


def test_what_one_server_takes_in_the_other_shows_answers_and_downloads(
    cluster: tuple[Cluster, list[str]],
) -> None:
    servers, operator_key = cluster
    words = "Cluster check: eight people sleep above the garage on the Nijverheidslaan."
    code = submit_report(servers.url(0), words, files=[("garage.png", png(), "image/png")])

    operator = professional_session(servers.url(1), OPERATOR_EMAIL, OPERATOR_PASSWORD, code_now(operator_key))
    inbox = operator.get(servers.url(1) + "/en/report/inbox/", timeout=30)
    report_path = re.search(r'href="(/en/report/inbox/\d+/)"', inbox.text).group(1)  # type: ignore[union-attr]
    detail = operator.get(servers.url(1) + report_path, timeout=30)
    assert words in detail.text
    file_path = re.search(r'href="(/en/report/inbox/\d+/files/\d+/)"', detail.text).group(1)  # type: ignore[union-attr]
    download = operator.get(servers.url(1) + file_path, timeout=30)
    assert download.status_code == 200
    assert Image.open(io.BytesIO(download.content)).size == (12, 12)

    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', detail.text).group(1)  # type: ignore[union-attr]
    answer = "Thank you. We have passed this on to the inspection service today."
    operator.post(
        servers.url(1) + report_path + "reply/",
        data={"csrfmiddlewaretoken": csrf, "body": answer},
        timeout=30,
    ).raise_for_status()

    reporter = reporter_session(servers.url(0), code)
    conversation = reporter.get(servers.url(0) + "/en/report/follow-up/conversation/", timeout=30)
    assert answer in conversation.text
    assert words in conversation.text


def test_two_task_workers_run_each_task_once(cluster: tuple[Cluster, list[str]]) -> None:
    servers, _key = cluster
    servers.keten(
        "shell",
        "-c",
        "from keten.intake.tasks import purge_closed_reports\n"
        "for _ in range(30): purge_closed_reports.enqueue()",
    )
    report = (
        "import json\nfrom django_tasks_db.models import DBTaskResult\n"
        "print(json.dumps([[r.status, r.worker_ids] for r in DBTaskResult.objects.all()]))"
    )
    deadline = time.monotonic() + 120
    while True:
        tasks = json.loads(servers.keten("shell", "-c", report).splitlines()[-1])
        if (
            all(status in {"SUCCESSFUL", "FAILED"} for status, _workers in tasks)
            or time.monotonic() > deadline
        ):
            break
        time.sleep(1)
    assert len(tasks) == 30
    assert [status for status, _workers in tasks] == ["SUCCESSFUL"] * 30
    # A task taken by two workers would carry both their ids.
    assert all(len(workers) == 1 for _status, workers in tasks), tasks


def test_a_scrape_adds_up_every_gunicorn_worker_of_a_server(cluster: tuple[Cluster, list[str]]) -> None:
    servers, _key = cluster
    for _ in range(40):
        requests.get(servers.url(1) + "/healthz", timeout=30).raise_for_status()
    scrape = requests.get(
        servers.url(1) + "/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"}, timeout=30
    )
    assert scrape.status_code == 200
    counted = re.search(
        r'keten_http_requests_total\{method="GET",route="health",status="200"\} ([0-9.]+)', scrape.text
    )
    assert counted is not None, scrape.text
    assert float(counted.group(1)) >= 40
    assert requests.get(servers.url(1) + "/metrics", timeout=30).status_code == 401


def test_a_restart_during_a_burst_loses_no_acknowledged_report(cluster: tuple[Cluster, list[str]]) -> None:
    servers, _key = cluster
    acknowledged: list[tuple[str, int, float]] = []
    failures: list[tuple[int, float, str]] = []
    stop = threading.Event()

    def send(sender: int) -> None:
        number = 0
        while not stop.is_set():
            server = (sender + number) % 2
            started = time.monotonic()
            try:
                code = submit_report(servers.url(server), f"Burst report {sender}-{number}.")
            except Exception as error:  # refused connections and error pages alike
                failures.append((server, started, repr(error)))
                time.sleep(0.2)
            else:
                acknowledged.append((code, server, started))
            number += 1

    senders = [threading.Thread(target=send, args=(sender,)) for sender in range(4)]
    for thread in senders:
        thread.start()
    try:
        time.sleep(4)
        restart_began = time.monotonic()
        servers.stop_server(0)
        servers.start_server(0)
        restart_ended = time.monotonic()
        time.sleep(4)
    finally:
        stop.set()
        for thread in senders:
            thread.join(timeout=60)

    # Errors only from the restarted server, and only while it was down.
    assert all(server == 0 for server, _started, _error in failures), failures
    assert all(restart_began - 1 <= started <= restart_ended for _server, started, _error in failures), (
        failures
    )
    # Reports kept coming in through the other server during the restart, and through both after.
    assert any(
        server == 1 and restart_began <= started <= restart_ended for _c, server, started in acknowledged
    )
    assert any(server == 0 and started > restart_ended for _c, server, started in acknowledged)
    # Every receipt given out opens its report, on either server.
    for index, (code, _server, _started) in enumerate(acknowledged):
        reporter_session(servers.url(index % 2), code)
    print(f"{len(acknowledged)} reports acknowledged, {len(failures)} refused during the restart")

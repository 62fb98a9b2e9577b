"""A report with a photo, from the reporter's phone to the operator's download, through the file
store Keten is configured with: local disk by default, a bucket when KETEN_STORAGE=s3 (.ci/run
runs this file once more against the S3 server it starts, the code path of production)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Browser, Page, expect

from keten.accounts.models import Organisation
from keten.accounts.roles import OrganisationKind, Role
from keten.audit.models import AuditEvent
from keten.encryption import files_root, read_encrypted_file, read_stored_token
from keten.intake.models import Report
from tests.base import PASSWORD, make_person
from tests.e2e.conftest import log_in
from tests.intake.helpers import png_bytes

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def bucket() -> str | None:
    """The bucket of KETEN_S3_BUCKET, created on the S3 server when it does not exist yet."""
    if settings.STORAGE_BACKEND != "s3":
        return None
    from keten.s3_storage import s3_client

    client = s3_client()
    name = str(settings.S3_OPTIONS["bucket_name"])
    if name not in {item["Name"] for item in client.list_buckets().get("Buckets", [])}:
        region = settings.S3_OPTIONS.get("region_name")
        extra = {"CreateBucketConfiguration": {"LocationConstraint": region}} if region else {}
        client.create_bucket(Bucket=name, **extra)
    return name


def test_an_operator_downloads_the_photo_a_reporter_sent(
    page: Page, browser: Browser, base_url: str, tmp_path: Path, bucket: str | None
) -> None:
    hotline = Organisation.objects.create(name="Hotline", kind=OrganisationKind.HOTLINE, slug="hotline")
    make_person("operator@hotline.example", hotline, Role.HOTLINE_OPERATOR)
    photo = tmp_path / "bakery.png"
    photo.write_bytes(png_bytes(colour=(90, 10, 160)))

    reporter = browser.new_context(base_url=base_url, locale="en-GB")
    phone = reporter.new_page()
    phone.goto("/en/report/")
    phone.fill("textarea[name=what]", "The baker's helpers sleep in the cellar and are never paid.")
    phone.fill("input[name=postal_code]", "1000")
    phone.select_option("select[name=kind_of_place]", "shop")
    phone.check("input[name=form_of_exploitation][value=labour]")
    phone.set_input_files("input[name=attachments]", str(photo))
    phone.click("main button[type=submit]")
    expect(phone.locator("[data-receipt-code]")).to_be_visible()
    reporter.close()

    report = Report.objects.get()
    attachment = report.attachments.get()
    stored = read_stored_token(attachment.stored_name)
    assert b"PNG" not in stored and b"bakery" not in stored
    if bucket is None:
        assert (files_root() / attachment.stored_name).exists()
    else:
        from keten.s3_storage import s3_client

        keys = [item["Key"] for item in s3_client().list_objects_v2(Bucket=bucket).get("Contents", [])]
        assert attachment.stored_name in keys
        assert not (files_root() / attachment.stored_name).exists()

    log_in(page, "operator@hotline.example", PASSWORD)
    page.goto("/en/report/inbox/")
    page.click(f"text=#{report.number}")
    expect(page.locator("main")).to_contain_text("never paid")
    with page.expect_download() as download:
        page.click(f"a[href$='/files/{attachment.pk}/']")
    received = Path(download.value.path()).read_bytes()
    assert received.startswith(b"\x89PNG")
    assert received == read_encrypted_file(attachment.stored_name)
    assert AuditEvent.objects.filter(action="report.attachment_viewed", object_id=str(report.pk)).exists()

"""The review's hostile files: cleaning reaches every depth of a PDF, and bombs are refused cheaply."""

import io
import json
import subprocess
import sys

import pikepdf
import pytest
from PIL import Image

from keten.core.metadata import (
    DEFAULT_MAX_PIXELS,
    PDF,
    UnsafeFileError,
    clean_upload,
    strip_image_metadata,
    strip_pdf_metadata,
)
from tests.hostile_files import CAMERA_MAKE, all_stream_bytes, jpeg_with_exif, pdf_with_deep_secrets, png_bomb


def test_it_removes_exif_from_images_inside_a_pdf_at_every_depth() -> None:
    original = pdf_with_deep_secrets()
    assert CAMERA_MAKE.encode() in all_stream_bytes(original)

    cleaned = all_stream_bytes(strip_pdf_metadata(original))

    assert CAMERA_MAKE.encode() not in cleaned
    assert b"Exif" not in cleaned
    assert b"Jan Janssens" not in cleaned


def test_the_images_still_show_after_cleaning() -> None:
    with pikepdf.open(io.BytesIO(strip_pdf_metadata(pdf_with_deep_secrets()))) as pdf:
        page = pdf.pages[0]
        photo = pikepdf.PdfImage(page.Resources.XObject.Photo).as_pil_image()
        deep = pikepdf.PdfImage(page.Resources.XObject.Box.Resources.XObject.Deep).as_pil_image()
        assert photo.size == (64, 48) and deep.size == (64, 48)
        red, green, blue = deep.convert("RGB").getpixel((10, 10))  # type: ignore[misc]
        assert green > 100 and red < 60 and blue < 60
        # The text of the page is still text, so operators can search and copy it.
        assert b"Visible words" in page.Contents.read_bytes()


def test_it_removes_actions_chained_through_next_scripts_files_forms_and_annotations() -> None:
    cleaned = strip_pdf_metadata(pdf_with_deep_secrets())
    everything = all_stream_bytes(cleaned)
    for marker in (b"/JavaScript", b"/JS", b"app.alert", b"/Next", b"/OpenAction", b"/Annots", b"/URI"):
        assert marker not in everything, marker
    for marker in (b"/EmbeddedFile", b"hidden attachment", b"/AcroForm", b"/Names", b"/Metadata"):
        assert marker not in everything, marker
    with pikepdf.open(io.BytesIO(cleaned)) as pdf:
        assert len(pdf.pages) == 1
        assert set(pdf.Root.keys()) <= {"/Type", "/Pages"}
        assert "/Info" not in pdf.trailer


def test_it_refuses_a_jpeg_hidden_inline_in_a_content_stream() -> None:
    pdf = pikepdf.new()
    page = pdf.add_blank_page()
    jpeg = jpeg_with_exif(size=(4, 4))
    page.obj.Contents = pdf.make_stream(
        b"q 4 0 0 4 0 0 cm BI /W 4 /H 4 /CS /RGB /BPC 8 /F /DCT ID " + jpeg + b"\nEI Q"
    )
    output = io.BytesIO()
    pdf.save(output)
    with pytest.raises(UnsafeFileError):
        strip_pdf_metadata(output.getvalue())


def test_it_refuses_a_stream_that_inflates_beyond_the_budget() -> None:
    pdf = pikepdf.new()
    page = pdf.add_blank_page()
    page.obj.Contents = pdf.make_stream(b"% " + b"0" * 20_000_000)  # saved Flate-compressed: ~20 KB
    output = io.BytesIO()
    pdf.save(output, compress_streams=True)
    assert len(output.getvalue()) < 100_000
    with pytest.raises(UnsafeFileError):
        strip_pdf_metadata(output.getvalue(), max_decoded_bytes=5_000_000)


def test_the_default_pixel_limit_is_well_under_fifty_million() -> None:
    assert DEFAULT_MAX_PIXELS <= 25_000_000


def test_it_refuses_the_png_bomb_of_the_review() -> None:
    with pytest.raises(UnsafeFileError, match="too large"):
        clean_upload(png_bomb())
    with pytest.raises(UnsafeFileError, match="too large"):
        strip_image_metadata(png_bomb())


def test_it_refuses_a_huge_image_inside_a_pdf_before_decoding_it() -> None:
    pdf = pikepdf.new()
    page = pdf.add_blank_page()
    page.obj.Resources = pikepdf.Dictionary(
        XObject=pikepdf.Dictionary(
            Big=pdf.make_stream(
                jpeg_with_exif(size=(8, 8)),
                Type=pikepdf.Name.XObject,
                Subtype=pikepdf.Name.Image,
                Width=9400,
                Height=9400,
                ColorSpace=pikepdf.Name.DeviceRGB,
                BitsPerComponent=8,
                Filter=pikepdf.Name.DCTDecode,
            )
        )
    )
    output = io.BytesIO()
    pdf.save(output)
    with pytest.raises(UnsafeFileError, match="too large"):
        strip_pdf_metadata(output.getvalue())


MEASURE = """
import resource, sys, json
from keten.core.metadata import clean_upload, UnsafeFileError
from tests.hostile_files import png_bomb
data = png_bomb()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    clean_upload(data)
    outcome = "accepted"
except UnsafeFileError:
    outcome = "refused"
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"outcome": outcome, "grown_kb": after - before}))
"""


def test_a_bomb_costs_the_worker_almost_no_memory() -> None:
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", MEASURE], capture_output=True, text=True, check=True, cwd="."
    )
    measured = json.loads(result.stdout)
    assert measured["outcome"] == "refused"
    assert measured["grown_kb"] < 20_000  # the decoded bomb would take ~90 MB and much more to decode


def test_a_photo_at_the_limit_is_still_accepted() -> None:
    image = Image.new("RGB", (4000, 3000), "white")
    output = io.BytesIO()
    image.save(output, format="JPEG")
    assert clean_upload(output.getvalue()).content_type == "image/jpeg"


def test_cleaned_pdfs_are_still_pdfs() -> None:
    assert clean_upload(pdf_with_deep_secrets()).content_type == PDF

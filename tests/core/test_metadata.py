import io
import struct
import zlib

import pytest
from PIL import ExifTags, Image, ImageCms
from PIL.PngImagePlugin import PngInfo
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

from keten.core.metadata import (
    JPEG,
    PDF,
    PNG,
    WEBP,
    UnsafeFileError,
    clean_upload,
    sniff_type,
    strip_image_metadata,
    strip_pdf_metadata,
)

SECRET = "Jan Janssens"
XMP = f"""<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
   <dc:creator><rdf:Seq><rdf:li>{SECRET}</rdf:li></rdf:Seq></dc:creator>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>""".encode()


def make_exif(*, orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "KetenPhone"
    exif[ExifTags.Base.Model] = "Model X-1"
    exif[ExifTags.Base.Artist] = SECRET
    exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (50.0, 50.0, 47.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (4.0, 21.0, 9.0)
    return exif


def make_image(
    format: str, *, mode: str = "RGB", size: tuple[int, int] = (40, 20), **options: object
) -> bytes:
    image = Image.new("RGB", size, "red")
    # A marker in the top-left corner to check that orientation is applied.
    image.paste("blue", (0, 0, 10, 10))
    image = image.convert(mode)
    output = io.BytesIO()
    image.save(output, format=format, **options)
    return output.getvalue()


def assert_no_metadata(data: bytes) -> None:
    for marker in (b"Exif", b"KetenPhone", SECRET.encode(), b"xmpmeta", b"ICC_PROFILE", b"iCCP"):
        assert marker not in data
    with Image.open(io.BytesIO(data)) as image:
        assert not image.getexif()
        assert not set(image.info) & {"exif", "xmp", "icc_profile", "comment", "Author"}


SRGB_ICC = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def test_it_sniffs_accepted_types() -> None:
    assert sniff_type(make_image("JPEG")) == JPEG
    assert sniff_type(make_image("PNG")) == PNG
    assert sniff_type(make_image("WEBP")) == WEBP
    assert sniff_type(make_pdf()) == PDF


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff",  # Windows executable
        b"\x7fELF\x02\x01\x01",  # Linux executable
        b"<!DOCTYPE html><html><script>alert(1)</script></html>",
        b"<svg xmlns='http://www.w3.org/2000/svg'/>",
        b"GIF89a\x01\x00\x01\x00",
        b"PK\x03\x04",  # zip, docx
        b"RIFF\x00\x00\x00\x00WAVEfmt ",  # audio, not WebP
        b"   %PDF-1.7",  # junk before the PDF header
    ],
)
def test_it_sniffs_nothing_else(data: bytes) -> None:
    assert sniff_type(data) is None
    with pytest.raises(UnsafeFileError):
        clean_upload(data)


def test_it_strips_exif_and_gps_from_a_jpeg() -> None:
    original = make_image("JPEG", exif=make_exif(), comment=SECRET.encode(), xmp=XMP, icc_profile=SRGB_ICC)
    assert b"KetenPhone" in original and SECRET.encode() in original and b"ICC_PROFILE" in original
    with Image.open(io.BytesIO(original)) as image:
        assert image.getexif().get_ifd(ExifTags.IFD.GPSInfo)

    cleaned = strip_image_metadata(original)

    assert sniff_type(cleaned) == JPEG
    assert_no_metadata(cleaned)
    with Image.open(io.BytesIO(cleaned)) as image:
        assert image.size == (40, 20)
        assert not image.getexif().get_ifd(ExifTags.IFD.GPSInfo)


def test_it_applies_the_orientation_before_stripping() -> None:
    # Orientation 6: the camera was turned, viewers rotate the picture 90° clockwise.
    original = make_image("JPEG", exif=make_exif(orientation=6))
    cleaned = strip_image_metadata(original)
    with Image.open(io.BytesIO(cleaned)) as image:
        assert image.size == (20, 40)
        red, green, blue = image.convert("RGB").getpixel((15, 2))  # type: ignore[misc]
        assert blue > 200 and red < 60  # the blue corner is now top right


def test_it_strips_text_and_exif_from_a_png() -> None:
    info = PngInfo()
    info.add_text("Author", SECRET)
    info.add_itxt("XML:com.adobe.xmp", XMP.decode())
    original = make_image("PNG", mode="RGBA", pnginfo=info, exif=make_exif(), icc_profile=SRGB_ICC)
    assert SECRET.encode() in original and b"iCCP" in original

    cleaned = strip_image_metadata(original)

    assert sniff_type(cleaned) == PNG
    assert_no_metadata(cleaned)
    assert b"tEXt" not in cleaned and b"iTXt" not in cleaned and b"eXIf" not in cleaned
    with Image.open(io.BytesIO(cleaned)) as image:
        assert image.mode == "RGBA"


def test_it_keeps_palette_images_readable() -> None:
    original = make_image("PNG", mode="P", transparency=0)
    cleaned = strip_image_metadata(original)
    with Image.open(io.BytesIO(cleaned)) as image:
        assert image.mode == "RGBA"
        assert image.size == (40, 20)


def test_it_keeps_grey_images_grey() -> None:
    cleaned = strip_image_metadata(make_image("JPEG", mode="L", exif=make_exif()))
    assert_no_metadata(cleaned)
    with Image.open(io.BytesIO(cleaned)) as image:
        assert image.mode == "L"


@pytest.mark.parametrize(
    ("format", "mode", "expected_mode"),
    [
        ("JPEG", "CMYK", "RGB"),
        ("PNG", "1", "1"),
        ("PNG", "LA", "LA"),
        ("PNG", "I;16", "I;16"),
        ("PNG", "P", "RGB"),
        ("WEBP", "RGB", "RGB"),
    ],
)
def test_it_handles_pixel_modes(format: str, mode: str, expected_mode: str) -> None:
    cleaned = strip_image_metadata(make_image(format, mode=mode))
    with Image.open(io.BytesIO(cleaned)) as image:
        assert image.size == (40, 20)
        assert image.mode == expected_mode


@pytest.mark.parametrize("format", ["PNG", "WEBP"])
def test_it_keeps_transparency(format: str) -> None:
    image = Image.new("RGBA", (8, 8), (255, 0, 0, 255))
    image.paste((0, 0, 0, 0), (0, 0, 4, 4))
    output = io.BytesIO()
    image.save(output, format=format, lossless=True)
    with Image.open(io.BytesIO(strip_image_metadata(output.getvalue()))) as cleaned:
        assert cleaned.mode == "RGBA"
        assert cleaned.getpixel((0, 0))[3] == 0  # type: ignore[index]
        assert cleaned.getpixel((7, 7))[3] == 255  # type: ignore[index]


def test_it_keeps_the_first_frame_of_an_animation() -> None:
    frames = [Image.new("RGB", (8, 8), colour) for colour in ("red", "green", "blue")]
    output = io.BytesIO()
    frames[0].save(output, format="PNG", save_all=True, append_images=frames[1:])
    cleaned = strip_image_metadata(output.getvalue())
    with Image.open(io.BytesIO(cleaned)) as image:
        assert getattr(image, "n_frames", 1) == 1
        assert image.convert("RGB").getpixel((0, 0)) == (255, 0, 0)


def test_it_strips_exif_and_xmp_from_a_webp() -> None:
    original = make_image("WEBP", exif=make_exif(), xmp=XMP, icc_profile=SRGB_ICC)
    assert SECRET.encode() in original

    cleaned = strip_image_metadata(original)

    assert sniff_type(cleaned) == WEBP
    assert_no_metadata(cleaned)
    assert b"EXIF" not in cleaned and b"XMP " not in cleaned and b"ICCP" not in cleaned


def png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge size: a decompression bomb."""
    original = make_image("PNG", size=(1, 1))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    start = 8  # after the signature
    return (
        original[:start]
        + struct.pack(">I", len(ihdr))
        + chunk
        + struct.pack(">I", zlib.crc32(chunk))
        + original[start + 8 + len(ihdr) + 4 :]
    )


def test_it_refuses_a_decompression_bomb() -> None:
    bomb = png_declaring(100_000, 100_000)
    assert len(bomb) < 200
    with pytest.raises(UnsafeFileError, match="too large"):
        strip_image_metadata(bomb)


def test_it_refuses_images_just_over_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("keten.core.metadata.DEFAULT_MAX_PIXELS", 1000)
    with pytest.raises(UnsafeFileError, match="too large"):
        strip_image_metadata(make_image("PNG", size=(40, 26)))
    assert strip_image_metadata(make_image("PNG", size=(40, 25)))


def test_it_takes_an_explicit_pixel_limit() -> None:
    with pytest.raises(UnsafeFileError, match="too large"):
        strip_image_metadata(make_image("JPEG"), max_pixels=799)


def test_it_refuses_broken_images() -> None:
    jpeg = make_image("JPEG")
    with pytest.raises(UnsafeFileError):
        strip_image_metadata(jpeg[:30])
    with pytest.raises(UnsafeFileError):
        strip_image_metadata(b"\x89PNG\r\n\x1a\n" + b"\x00" * 50)


def test_it_refuses_an_image_that_is_not_what_it_claims() -> None:
    with pytest.raises(UnsafeFileError):
        strip_image_metadata(make_pdf())


def make_pdf(*, encrypt: bool = False) -> bytes:
    writer = PdfWriter()
    page = writer.add_blank_page(width=200, height=200)
    writer.add_metadata({"/Author": SECRET, "/Title": "Verklaring", "/Creator": "KetenPhone"})
    writer.xmp_metadata = XMP
    page_xmp = StreamObject()
    page_xmp.set_data(XMP)
    page_xmp.update({NameObject("/Type"): NameObject("/Metadata")})
    page[NameObject("/Metadata")] = writer._add_object(page_xmp)
    page[NameObject("/PieceInfo")] = DictionaryObject(
        {NameObject("/Illustrator"): DictionaryObject({NameObject("/Private"): NameObject("/X")})}
    )
    if encrypt:
        writer.encrypt("secret")
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def test_it_strips_pdf_metadata() -> None:
    original = make_pdf()
    reader = PdfReader(io.BytesIO(original))
    assert reader.metadata is not None and reader.metadata.author == SECRET
    assert reader.xmp_metadata is not None

    cleaned = strip_pdf_metadata(original)

    assert sniff_type(cleaned) == PDF
    assert SECRET.encode() not in cleaned
    assert b"KetenPhone" not in cleaned and b"xmpmeta" not in cleaned
    reader = PdfReader(io.BytesIO(cleaned))
    assert reader.metadata is None
    assert reader.xmp_metadata is None
    assert "/Info" not in reader.trailer
    assert len(reader.pages) == 1
    assert "/Metadata" not in reader.pages[0]
    assert "/PieceInfo" not in reader.pages[0]


def test_it_keeps_the_pages() -> None:
    writer = PdfWriter()
    for _ in range(3):
        writer.add_blank_page(width=300, height=400)
    output = io.BytesIO()
    writer.write(output)
    reader = PdfReader(io.BytesIO(strip_pdf_metadata(output.getvalue())))
    assert len(reader.pages) == 3
    assert float(reader.pages[0].mediabox.width) == 300


def test_it_drops_scripts_and_actions() -> None:
    writer = PdfWriter()
    page = writer.add_blank_page(width=200, height=200)

    def script(code: str) -> DictionaryObject:
        return DictionaryObject(
            {
                NameObject("/S"): NameObject("/JavaScript"),
                NameObject("/JS"): TextStringObject(code),
            }
        )

    writer._root_object[NameObject("/OpenAction")] = script("app.alert('open')")
    page[NameObject("/AA")] = DictionaryObject({NameObject("/O"): script("app.alert('page')")})
    link = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([NumberObject(n) for n in (0, 0, 50, 50)]),
            NameObject("/A"): script("app.alert('link')"),
        }
    )
    page[NameObject("/Annots")] = ArrayObject([writer._add_object(link)])
    output = io.BytesIO()
    writer.write(output)
    assert output.getvalue().count(b"/JavaScript") == 3

    cleaned = strip_pdf_metadata(output.getvalue())

    assert b"/JavaScript" not in cleaned and b"/OpenAction" not in cleaned
    assert b"/AA" not in cleaned
    reader = PdfReader(io.BytesIO(cleaned))
    # Annotations go altogether: a link's action can chain to anything (see test_cleaning_depth).
    assert "/Annots" not in reader.pages[0]


def test_it_refuses_an_encrypted_pdf() -> None:
    with pytest.raises(UnsafeFileError, match="Password"):
        strip_pdf_metadata(make_pdf(encrypt=True))


def test_it_refuses_a_broken_pdf() -> None:
    with pytest.raises(UnsafeFileError):
        strip_pdf_metadata(b"%PDF-1.7\n this is not a pdf at all")
    with pytest.raises(UnsafeFileError):
        strip_pdf_metadata(make_pdf()[:100])


def test_it_refuses_too_many_pages() -> None:
    writer = PdfWriter()
    for _ in range(3):
        writer.add_blank_page(width=100, height=100)
    output = io.BytesIO()
    writer.write(output)
    with pytest.raises(UnsafeFileError, match="pages"):
        strip_pdf_metadata(output.getvalue(), max_pages=2)


def test_it_cleans_any_accepted_upload() -> None:
    cleaned = clean_upload(make_image("JPEG", exif=make_exif()))
    assert (cleaned.content_type, cleaned.extension) == (JPEG, "jpg")
    assert_no_metadata(cleaned.data)
    cleaned = clean_upload(make_pdf())
    assert (cleaned.content_type, cleaned.extension) == (PDF, "pdf")
    assert SECRET.encode() not in cleaned.data

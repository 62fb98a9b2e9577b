"""Hostile files the review found, built in code so that every test can use them.

- ``pdf_with_deep_secrets()``: a PDF whose page image is a JPEG carrying EXIF (GPS position, camera
  make and model), a second such JPEG one level deeper inside a form XObject, a link annotation
  whose harmless-looking URI action chains to JavaScript through ``/Next``, an open action, an
  embedded file and a form field.
- ``png_bomb()``: a 9400 × 9400 PNG of about 100 KB that needs some 90 MB (and far more while
  decoding) once decoded.
"""

from __future__ import annotations

import io
import struct
import zlib

import pikepdf
from PIL import ExifTags, Image

CAMERA_MAKE = "SecretPhoneMaker"
CAMERA_MODEL = "Spyphone 9"
LATITUDE = (50.0, 50.0, 47.0)


def jpeg_with_exif(*, size: tuple[int, int] = (64, 48), colour: str = "navy") -> bytes:
    image = Image.new("RGB", size, colour)
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = CAMERA_MAKE
    exif[ExifTags.Base.Model] = CAMERA_MODEL
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = LATITUDE
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (4.0, 21.0, 9.0)
    output = io.BytesIO()
    image.save(output, format="JPEG", exif=exif.tobytes())
    return output.getvalue()


def _jpeg_xobject(pdf: pikepdf.Pdf, data: bytes, size: tuple[int, int]) -> pikepdf.Stream:
    return pdf.make_stream(
        data,
        Type=pikepdf.Name.XObject,
        Subtype=pikepdf.Name.Image,
        Width=size[0],
        Height=size[1],
        ColorSpace=pikepdf.Name.DeviceRGB,
        BitsPerComponent=8,
        Filter=pikepdf.Name.DCTDecode,
    )


def pdf_with_deep_secrets() -> bytes:
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(300, 300))
    photo = _jpeg_xobject(pdf, jpeg_with_exif(), (64, 48))
    deeper = _jpeg_xobject(pdf, jpeg_with_exif(colour="green"), (64, 48))
    form = pdf.make_stream(
        b"q 64 0 0 48 0 0 cm /Deep Do Q",
        Type=pikepdf.Name.XObject,
        Subtype=pikepdf.Name.Form,
        BBox=[0, 0, 64, 48],
        Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(Deep=deeper)),
    )
    page.obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Photo=photo, Box=form))
    page.obj.Contents = pdf.make_stream(
        b"BT /F1 12 Tf 20 260 Td (Visible words) Tj ET q 64 0 0 48 20 100 cm /Photo Do Q "
        b"q 1 0 0 1 120 100 cm /Box Do Q"
    )
    page.obj.Resources.Font = pikepdf.Dictionary(
        F1=pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
        )
    )
    script = pdf.make_indirect(
        pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))
    )
    link = pikepdf.Dictionary(
        Type=pikepdf.Name.Annot,
        Subtype=pikepdf.Name.Link,
        Rect=[0, 0, 50, 50],
        A=pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String("https://example.org/"), Next=script),
    )
    page.obj.Annots = pdf.make_indirect(pikepdf.Array([pdf.make_indirect(link)]))
    pdf.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.GoTo, D=[page.obj, pikepdf.Name.Fit], Next=script)
    attachment = pdf.make_stream(b"a hidden attachment", Type=pikepdf.Name.EmbeddedFile)
    pdf.Root.Names = pikepdf.Dictionary(
        EmbeddedFiles=pikepdf.Dictionary(
            Names=[
                pikepdf.String("hidden.txt"),
                pikepdf.Dictionary(
                    Type=pikepdf.Name.Filespec,
                    F=pikepdf.String("hidden.txt"),
                    EF=pikepdf.Dictionary(F=attachment),
                ),
            ]
        ),
        JavaScript=pikepdf.Dictionary(Names=[pikepdf.String("init"), script]),
    )
    pdf.Root.AcroForm = pikepdf.Dictionary(Fields=[])
    with pdf.open_metadata(set_pikepdf_as_editor=False) as metadata:
        metadata["dc:creator"] = ["Jan Janssens"]
    output = io.BytesIO()
    pdf.save(output)
    return output.getvalue()


def png_bomb(side: int = 9400) -> bytes:
    """A grey PNG of ``side`` × ``side`` pixels, all black: tiny on disk, huge once decoded."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    compressor = zlib.compressobj(9)
    row = b"\x00" * (side + 1)
    parts = [compressor.compress(row) for _ in range(side)]
    parts.append(compressor.flush())
    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", b"".join(parts)) + chunk(b"IEND", b"")
    )


def all_stream_bytes(data: bytes) -> bytes:
    """Every object of a PDF, streams decoded where possible, as one byte string to search."""
    found = [data]
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream):
                found.append(obj.read_raw_bytes())
                try:
                    found.append(obj.read_bytes())
                except pikepdf.PdfError:
                    pass
            found.append(repr(obj).encode())
    return b"\n".join(found)

"""Removing hidden metadata from uploaded files before they are stored.

Photos and documents carry more than what they show. A phone photo's EXIF block holds the GPS
position where it was taken, the time, and the make, model and serial number of the phone; a
PDF's document information and XMP metadata hold the author's name, the organisation, the
software and the original file's history. For a reporter or a victim, that is enough to be found.
So every upload is checked and cleaned before it is encrypted and stored:

- Only JPEG, PNG, WebP and PDF are accepted, recognised by their content (``sniff_type``), never
  by the file name or the Content-Type the browser sends, which the uploader controls.
- Images are decoded and re-encoded from their pixels alone (``strip_image_metadata``): nothing
  but the picture survives, which also discards anything hidden in malformed or polyglot files.
- PDFs are rewritten page by page without the document information, the XMP metadata and
  document-level scripts, attachments and actions (``strip_pdf_metadata``).

Files that cannot be processed safely (decompression bombs, encrypted or broken PDFs, a type that
does not match its content) raise ``UnsafeFileError``; the caller refuses the upload with a
message saying which kinds of files are accepted.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from PIL import Image, ImageCms, ImageOps
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, PdfObject

JPEG = "image/jpeg"
PNG = "image/png"
WEBP = "image/webp"
PDF = "application/pdf"

#: File name extension for each accepted type, for naming stored files.
EXTENSIONS = {JPEG: "jpg", PNG: "png", WEBP: "webp", PDF: "pdf"}

#: More pages than any genuine report attachment; refusing more bounds the work per upload.
MAX_PDF_PAGES = 1000

_PILLOW_FORMATS = {JPEG: "JPEG", PNG: "PNG", WEBP: "WEBP"}
_PNG_MODES = frozenset({"1", "L", "LA", "I", "I;16", "RGB", "RGBA"})
# Keys that carry metadata or active content anywhere below a page.
_PDF_DROPPED_KEYS = ("/Metadata", "/PieceInfo", "/LastModified", "/AA")
_PDF_DANGEROUS_ACTIONS = frozenset({"/JavaScript", "/Launch", "/ImportData", "/SubmitForm"})


class UnsafeFileError(ValueError):
    """The file cannot be accepted: it is not of an accepted type, or not safe to process."""


@dataclass(frozen=True)
class CleanFile:
    """An upload after cleaning: its real content type, extension and cleaned bytes."""

    content_type: str
    extension: str
    data: bytes


def sniff_type(data: bytes) -> str | None:
    """Return the content type (``image/jpeg``, ``image/png``, ``image/webp``, ``application/pdf``)
    recognised from the first bytes of ``data``, or None for anything else.

    Magic bytes, not names: an executable renamed ``photo.jpg`` or an HTML page sent as
    ``image/png`` is None. Everything that passes is decoded afterwards, which is the real test.
    """
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return WEBP
    # The PDF specification tolerates junk before the header; we do not, so that a file which is
    # also something else (a polyglot) is refused.
    if data.startswith(b"%PDF-"):
        return PDF
    return None


def clean_upload(data: bytes) -> CleanFile:
    """Return ``data`` cleaned of metadata, with its real type; raise UnsafeFileError if refused."""
    content_type = sniff_type(data)
    if content_type is None:
        raise UnsafeFileError("Only JPEG, PNG and WebP images and PDF documents are accepted.")
    if content_type == PDF:
        cleaned = strip_pdf_metadata(data)
    else:
        cleaned = strip_image_metadata(data)
    return CleanFile(content_type, EXTENSIONS[content_type], cleaned)


def strip_image_metadata(data: bytes, *, max_pixels: int | None = None) -> bytes:
    """Return the image re-encoded in its own format with its pixels only.

    Dropped: EXIF (GPS position, time, camera and serial number), XMP, IPTC, comments, PNG text
    chunks, thumbnails and the ICC colour profile (profiles can name the device; colours are
    converted to sRGB first where possible, so the picture looks the same). The EXIF orientation
    is applied to the pixels before EXIF is dropped, so the photo stays upright. Animated images
    keep their first frame only. JPEG and lossy WebP are re-compressed at quality 90.

    Raises UnsafeFileError if the content is not a JPEG, PNG or WebP image that decodes, or if it
    has more than ``max_pixels`` pixels (default ``PIL.Image.MAX_IMAGE_PIXELS``): a small file can
    declare a huge image (a decompression bomb) that would exhaust memory when decoded.
    """
    content_type = sniff_type(data)
    if content_type not in _PILLOW_FORMATS:
        raise UnsafeFileError("Not a JPEG, PNG or WebP image.")
    pillow_format = _PILLOW_FORMATS[content_type]
    limit = max_pixels if max_pixels is not None else Image.MAX_IMAGE_PIXELS
    try:
        # Only our formats: Pillow would otherwise pick a decoder from the content, including ones
        # that run external programs (EPS through Ghostscript).
        with Image.open(io.BytesIO(data), formats=[pillow_format]) as image:
            width, height = image.size
            if limit is not None and width * height > limit:
                raise UnsafeFileError(
                    f"The image is too large ({width} × {height} pixels); "
                    f"at most {limit} pixels are accepted."
                )
            # Decoding happens here (exif_transpose loads the image).
            upright = ImageOps.exif_transpose(image)
            icc_profile = image.info.get("icc_profile")
    except UnsafeFileError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise UnsafeFileError("The image is too large to process safely.") from error
    except Exception as error:  # Decoders raise many exception types on malformed input.
        raise UnsafeFileError("The image could not be read.") from error

    if icc_profile:
        upright = _to_srgb(upright, icc_profile)
    pixels = _output_mode(upright, pillow_format)
    # A new image from raw pixels carries no info dictionary, EXIF or profile at all: safer than
    # deleting known keys one by one and hoping the encoder reads nothing else.
    clean = Image.frombytes(pixels.mode, pixels.size, pixels.tobytes())
    output = io.BytesIO()
    options: dict[str, Any] = {"quality": 90} if pillow_format in ("JPEG", "WEBP") else {}
    clean.save(output, format=pillow_format, **options)
    return output.getvalue()


def strip_pdf_metadata(data: bytes, *, max_pages: int = MAX_PDF_PAGES) -> bytes:
    """Return the PDF rewritten page by page, without metadata or document-level active content.

    Only the pages are copied into a new document, so the document information dictionary
    (author, title, creator, producer, dates), the catalogue's XMP metadata, the original file
    identifier, embedded files, document JavaScript and open actions are all left behind. On and
    below every page, XMP streams (``/Metadata``, also on images and fonts), application data
    (``/PieceInfo``), modification times and automatic or script actions are removed. Outlines
    and interactive form structure are lost too; the pages look the same.

    Raises UnsafeFileError for encrypted PDFs (their content cannot be checked, and the password
    would have to travel with them), for PDFs that cannot be read, and for more than
    ``max_pages`` pages.
    """
    if sniff_type(data) != PDF:
        raise UnsafeFileError("Not a PDF document.")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise UnsafeFileError("Password-protected PDF documents are not accepted.")
        if len(reader.pages) > max_pages:
            raise UnsafeFileError(f"The PDF has more than {max_pages} pages.")
        writer = PdfWriter()
        seen: set[int] = set()
        for page in reader.pages:
            # Strip before copying: the writer then never receives the dropped objects.
            _strip_pdf_object(page, seen=seen)
            writer.add_page(page)
        # The writer starts with an information dictionary of its own (naming pypdf); drop it.
        writer.metadata = None
        output = io.BytesIO()
        writer.write(output)
    except UnsafeFileError:
        raise
    except Exception as error:  # Broken PDFs fail in many ways, not only with PyPdfError.
        raise UnsafeFileError("The PDF document could not be read.") from error
    return output.getvalue()


def _to_srgb(image: Image.Image, icc_profile: bytes) -> Image.Image:
    """Convert colours from the embedded profile to sRGB; keep the pixels as they are on failure."""
    output_mode = "RGBA" if "A" in image.getbands() else "RGB"
    if image.mode not in ("RGB", "RGBA", "CMYK", "L"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
        converted = ImageCms.profileToProfile(
            image, source, ImageCms.createProfile("sRGB"), outputMode=output_mode
        )
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return image
    return converted if converted is not None else image


def _output_mode(image: Image.Image, pillow_format: str) -> Image.Image:
    """Convert to a pixel mode the format can store without a palette or side information."""
    has_alpha = "A" in image.getbands() or image.has_transparency_data
    if pillow_format == "JPEG":
        target = "L" if image.mode == "L" else "RGB"
    elif (
        pillow_format == "PNG"
        and image.mode in _PNG_MODES
        and not (image.has_transparency_data and "A" not in image.getbands())
    ):
        target = image.mode
    else:
        # Palettes and tRNS transparency live outside the pixel data: expand them into pixels.
        target = "RGBA" if has_alpha else "RGB"
    return image if image.mode == target else image.convert(target)


def _strip_pdf_object(obj: PdfObject, *, seen: set[int]) -> None:
    """Remove metadata and active content from ``obj`` and everything it refers to."""
    if isinstance(obj, IndirectObject):
        if obj.idnum in seen:
            return
        seen.add(obj.idnum)
        resolved = obj.get_object()
        if resolved is None:
            return
        obj = resolved
    if isinstance(obj, DictionaryObject):
        for key in _PDF_DROPPED_KEYS:
            obj.pop(key, None)
        action = obj.get("/A")
        if isinstance(action, (DictionaryObject, IndirectObject)):
            action_dict = action.get_object()
            if isinstance(action_dict, DictionaryObject) and action_dict.get("/S") in _PDF_DANGEROUS_ACTIONS:
                del obj["/A"]
        for key, value in list(obj.items()):
            # The page tree above us is rebuilt by the writer; do not climb back into it.
            if key not in ("/Parent", "/P"):
                _strip_pdf_object(value, seen=seen)
    elif isinstance(obj, ArrayObject):
        for item in obj:
            _strip_pdf_object(item, seen=seen)

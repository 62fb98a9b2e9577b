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
import zlib
from dataclasses import dataclass
from typing import Any

import pikepdf
from PIL import Image, ImageCms, ImageOps

JPEG = "image/jpeg"
PNG = "image/png"
WEBP = "image/webp"
PDF = "application/pdf"

#: File name extension for each accepted type, for naming stored files.
EXTENSIONS = {JPEG: "jpg", PNG: "png", WEBP: "webp", PDF: "pdf"}

#: More pages than any genuine report attachment; refusing more bounds the work per upload.
MAX_PDF_PAGES = 500
#: The most pixels an image may have (a 20-megapixel photo; phones take 12). The check reads only
#: the header, so a small file that declares a huge image costs nothing. Decoding an image at the
#: limit takes about 80 MB (RGBA) for each copy the cleaner holds (see docs/intake.md).
DEFAULT_MAX_PIXELS = 20_000_000
#: The most bytes all streams of one PDF may inflate to.
DEFAULT_MAX_DECODED_BYTES = 200 * 1024 * 1024

_PILLOW_FORMATS = {JPEG: "JPEG", PNG: "PNG", WEBP: "WEBP"}
_PNG_MODES = frozenset({"1", "L", "LA", "I", "I;16", "RGB", "RGBA"})
# What a page keeps: what draws it. Everything else (annotations, actions, thumbnails, metadata,
# structure, beads, transitions) is dropped before the page is copied.
_PDF_PAGE_KEYS = frozenset(
    {"/Type", "/Parent", "/MediaBox", "/CropBox", "/BleedBox", "/TrimBox", "/ArtBox", "/Rotate"}
    | {"/Resources", "/Contents", "/UserUnit", "/Group"}
)
# Keys that carry metadata or active content, removed at any depth. ``/A`` and ``/AA`` are actions
# (every kind: a harmless URI action can chain to JavaScript through ``/Next``).
_PDF_DROPPED_KEYS = (
    "/Metadata",
    "/PieceInfo",
    "/LastModified",
    "/AA",
    "/A",
    "/Next",
    "/JS",
    "/JavaScript",
    "/OpenAction",
    "/Annots",
    "/AcroForm",
    "/Names",
    "/EmbeddedFiles",
    "/EF",
    "/URI",
    "/Thumb",
)
_IMAGE_CODECS = frozenset({"/DCTDecode", "/JPXDecode", "/JBIG2Decode", "/CCITTFaxDecode"})
# LZW can expand about 2,700 times (a 12-bit code stands for up to 4,096 bytes).
_WORST_EXPANSION = 4096
_PDF_COLOUR_SPACES = {"L": "/DeviceGray", "RGB": "/DeviceRGB", "CMYK": "/DeviceCMYK"}


class UnsafeFileError(ValueError):
    """The file cannot be accepted: it is not of an accepted type, or not safe to process.

    ``kind`` says why, so that the person can be told what to do: ``type`` (not an accepted type),
    ``unreadable`` (damaged), ``password`` (an encrypted PDF), ``too_large`` (too many pixels,
    pages or decompressed bytes) or ``uncleanable`` (something that cannot be removed safely).
    """

    def __init__(self, message: str, kind: str = "unreadable") -> None:
        super().__init__(message)
        self.kind = kind


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


def clean_upload(
    data: bytes, *, max_pixels: int = DEFAULT_MAX_PIXELS, max_pdf_pages: int = MAX_PDF_PAGES
) -> CleanFile:
    """Return ``data`` cleaned of metadata, with its real type; raise UnsafeFileError if refused."""
    content_type = sniff_type(data)
    if content_type is None:
        raise UnsafeFileError("Only JPEG, PNG and WebP images and PDF documents are accepted.", kind="type")
    if content_type == PDF:
        cleaned = strip_pdf_metadata(data, max_pages=max_pdf_pages, max_pixels=max_pixels)
    else:
        cleaned = strip_image_metadata(data, max_pixels=max_pixels)
    return CleanFile(content_type, EXTENSIONS[content_type], cleaned)


def strip_image_metadata(data: bytes, *, max_pixels: int | None = None) -> bytes:
    """Return the image re-encoded in its own format with its pixels only.

    Dropped: EXIF (GPS position, time, camera and serial number), XMP, IPTC, comments, PNG text
    chunks, thumbnails and the ICC colour profile (profiles can name the device; colours are
    converted to sRGB first where possible, so the picture looks the same). The EXIF orientation
    is applied to the pixels before EXIF is dropped, so the photo stays upright. Animated images
    keep their first frame only. JPEG and lossy WebP are re-compressed at quality 90.

    Raises UnsafeFileError if the content is not a JPEG, PNG or WebP image that decodes, or if it
    has more than ``max_pixels`` pixels (default ``DEFAULT_MAX_PIXELS``), read from the header
    before anything is decoded: a small file can declare a huge image (a decompression bomb) that
    would exhaust memory when decoded.
    """
    content_type = sniff_type(data)
    if content_type not in _PILLOW_FORMATS:
        raise UnsafeFileError("Not a JPEG, PNG or WebP image.", kind="type")
    pillow_format = _PILLOW_FORMATS[content_type]
    limit = max_pixels if max_pixels is not None else DEFAULT_MAX_PIXELS
    try:
        # Only our formats: Pillow would otherwise pick a decoder from the content, including ones
        # that run external programs (EPS through Ghostscript).
        with Image.open(io.BytesIO(data), formats=[pillow_format]) as image:
            width, height = image.size
            if limit is not None and width * height > limit:
                raise UnsafeFileError(
                    f"The image is too large ({width} × {height} pixels); "
                    f"at most {limit} pixels are accepted.",
                    kind="too_large",
                )
            # Decoding happens here (exif_transpose loads the image).
            upright = ImageOps.exif_transpose(image)
            icc_profile = image.info.get("icc_profile")
    except UnsafeFileError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise UnsafeFileError("The image is too large to process safely.", kind="too_large") from error
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


def strip_pdf_metadata(
    data: bytes,
    *,
    max_pages: int = MAX_PDF_PAGES,
    max_pixels: int = DEFAULT_MAX_PIXELS,
    max_decoded_bytes: int = DEFAULT_MAX_DECODED_BYTES,
) -> bytes:
    """Return a new PDF that holds the pages' content and nothing else, cleaned at every depth.

    With pikepdf (qpdf), the pages alone are copied into an empty document, so the document
    information, the XMP metadata, the original file identifier, outlines, names (document
    JavaScript, embedded files), open actions and interactive forms stay behind. Each page keeps
    only what draws it (boxes, rotation, resources, contents): annotations (links, comments, form
    widgets), page actions and thumbnails go. Then every object that remains is walked, however
    deep (form XObjects inside form XObjects, patterns, Type 3 fonts, soft masks):

    - actions of any kind are removed, with the chains that hang from them (``/Next``);
    - XMP streams, application data and modification times are removed;
    - JPEG and JPEG 2000 images are decoded and re-encoded from their pixels as JPEG, which drops
      their EXIF (GPS position, camera), XMP and comments; other image encodings hold only pixels;
    - page and form contents are parsed and written again, which drops comments and anything that
      is not a drawing instruction; a JPEG hidden inline in the contents is refused.

    Bombs are refused before they cost memory: at most ``max_pages`` pages, every image at most
    ``max_pixels`` (read from the image's dictionary and header, before decoding), and all streams
    together at most ``max_decoded_bytes`` once decompressed (measured with a bounded inflater).

    The text stays text, so operators can search, copy and read it aloud. What this cannot remove:
    whatever the pages themselves draw (white text on white, a name in a tiny font); operators see
    the pages as they are.

    Raises UnsafeFileError for encrypted PDFs, PDFs that cannot be read, and the limits above.
    """
    if sniff_type(data) != PDF:
        raise UnsafeFileError("Not a PDF document.", kind="type")
    try:
        with pikepdf.open(io.BytesIO(data)) as source:
            if source.is_encrypted:
                raise UnsafeFileError("Password-protected PDF documents are not accepted.", kind="password")
            if len(source.pages) > max_pages:
                raise UnsafeFileError(f"The PDF has more than {max_pages} pages.", kind="too_large")
            clean = pikepdf.new()
            for page in source.pages:
                for key in list(page.obj.keys()):
                    if key not in _PDF_PAGE_KEYS:
                        del page.obj[key]
                clean.pages.append(page)
            _check_decoded_size(clean, max_decoded_bytes)
            walker = _PdfWalker(max_pixels=max_pixels)
            for page in clean.pages:
                walker.walk(page.obj)
                _rewrite_contents(clean, page.obj, is_page=True)
            for form in walker.forms:
                _rewrite_contents(clean, form, is_page=False)
            output = io.BytesIO()
            clean.save(output, fix_metadata_version=False, deterministic_id=True, compress_streams=True)
    except UnsafeFileError:
        raise
    except pikepdf.PasswordError as error:
        raise UnsafeFileError(
            "Password-protected PDF documents are not accepted.", kind="password"
        ) from error
    except Exception as error:  # Broken PDFs fail in many ways, not only with PdfError.
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


class _PdfWalker:
    """Visits every dictionary, array and stream below a page once, removing what must go."""

    def __init__(self, *, max_pixels: int) -> None:
        self.max_pixels = max_pixels
        self.seen: set[tuple[int, int]] = set()
        self.forms: list[pikepdf.Stream] = []

    def walk(self, obj: Any) -> None:
        if isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream, pikepdf.Array)) and obj.is_indirect:
            if obj.objgen in self.seen:
                return
            self.seen.add(obj.objgen)
        if isinstance(obj, pikepdf.Array):
            for item in obj:
                self.walk(item)
            return
        if not isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
            return
        for key in _PDF_DROPPED_KEYS:
            if key in obj:
                del obj[key]
        if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image":
            _clean_image(obj, max_pixels=self.max_pixels)
        elif isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Form":
            self.forms.append(obj)
        for key in list(obj.keys()):
            # The page tree above a page is rebuilt by the new document; do not climb back into it.
            if key != "/Parent":
                self.walk(obj[key])


def _filters(stream: pikepdf.Stream) -> list[str]:
    value = stream.get("/Filter")
    if value is None:
        return []
    if isinstance(value, pikepdf.Array):
        return [str(item) for item in value]
    return [str(value)]


def _check_decoded_size(pdf: pikepdf.Pdf, budget: int) -> None:
    """Refuse if all streams together inflate to more than ``budget`` bytes, without inflating more.

    Flate is inflated here with a bounded output, so a small stream that would expand to gigabytes
    costs at most the budget. Image codecs (JPEG, JPEG 2000, JBIG2, CCITT) are bounded by the
    pixel limit instead. Other filters are rare; they are decoded only when even their worst
    expansion fits in what is left of the budget.
    """
    remaining = budget
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Stream):
            continue
        filters = [name for name in _filters(obj) if name not in _IMAGE_CODECS]
        raw = obj.read_raw_bytes()
        if not filters:
            remaining -= len(raw)
        elif filters == ["/FlateDecode"]:
            inflater = zlib.decompressobj()
            try:
                inflated = inflater.decompress(raw, max(remaining, 0) + 1)
            except zlib.error as error:
                raise UnsafeFileError("The PDF document could not be read.") from error
            remaining -= len(inflated)
        elif len(raw) * _WORST_EXPANSION <= remaining:
            remaining -= len(raw) * _WORST_EXPANSION
        else:
            raise UnsafeFileError("The PDF document is too large to process safely.", kind="too_large")
        if remaining < 0:
            raise UnsafeFileError("The PDF document is too large to process safely.", kind="too_large")


def _clean_image(stream: pikepdf.Stream, *, max_pixels: int) -> None:
    """Check an image's size from its dictionary; re-encode JPEG and JPEG 2000 from the pixels."""
    width, height = int(stream.get("/Width", 0)), int(stream.get("/Height", 0))
    if width * height > max_pixels:
        raise UnsafeFileError(
            f"An image in the PDF is too large ({width} × {height} pixels); "
            f"at most {max_pixels} are accepted.",
            kind="too_large",
        )
    filters = _filters(stream)
    if not filters or filters[-1] not in ("/DCTDecode", "/JPXDecode"):
        return
    raw = stream.read_raw_bytes()
    if filters[:-1] == ["/FlateDecode"]:
        try:
            encoded = zlib.decompress(raw)  # bounded: _check_decoded_size measured it already
        except zlib.error as error:
            raise UnsafeFileError("An image in the PDF could not be read.") from error
    elif not filters[:-1]:
        encoded = raw
    else:
        raise UnsafeFileError(
            "An image in the PDF is encoded in a way that cannot be checked.", kind="uncleanable"
        )
    pillow_format = "JPEG" if filters[-1] == "/DCTDecode" else "JPEG2000"
    try:
        with Image.open(io.BytesIO(encoded), formats=[pillow_format]) as image:
            if image.size[0] * image.size[1] > max_pixels:
                raise UnsafeFileError("An image in the PDF is too large to process safely.", kind="too_large")
            image.load()
            mode = image.mode if image.mode in ("L", "RGB", "CMYK") else "RGB"
            pixels = image if image.mode == mode else image.convert(mode)
            # Pixels only: a new image carries no EXIF, XMP, comment or profile of the old one.
            fresh = Image.frombytes(mode, pixels.size, pixels.tobytes())
    except UnsafeFileError:
        raise
    except Exception as error:  # Decoders raise many exception types on malformed input.
        raise UnsafeFileError("An image in the PDF could not be read.") from error
    output = io.BytesIO()
    fresh.save(output, format="JPEG", quality=90)
    stream.write(output.getvalue(), filter=pikepdf.Name.DCTDecode)
    stream.Width, stream.Height = fresh.size
    stream.BitsPerComponent = 8
    stream.ColorSpace = pikepdf.Name(_PDF_COLOUR_SPACES[mode])
    for key in ("/Decode", "/SMaskInData"):
        if key in stream and (key == "/SMaskInData" or mode != "CMYK"):
            del stream[key]


def _rewrite_contents(pdf: pikepdf.Pdf, holder: pikepdf.Object, *, is_page: bool) -> None:
    """Parse and write a page's or form's drawing instructions again, refusing inline JPEGs."""
    instructions = pikepdf.parse_content_stream(holder)
    for instruction in instructions:
        if isinstance(instruction, pikepdf.ContentStreamInlineImage):
            names = {str(name) for name in instruction.iimage.filters}
            if names & {"/DCTDecode", "/DCT", "/JPXDecode"}:
                raise UnsafeFileError(
                    "The PDF hides a compressed image in its page contents.", kind="uncleanable"
                )
    data = pikepdf.unparse_content_stream(instructions)
    if is_page:
        holder.Contents = pdf.make_stream(data)
    else:
        holder.write(data)

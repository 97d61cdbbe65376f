"""Pictures for a coldset newsprint press: read with caps, made CMYK or grey, sized, encoded.

Input: an image file of the project (JPEG, PNG, TIFF …), the part of it to keep, the
pixel size wanted, the total-ink limit and the CMYK profile RGB is converted to.
Output: :class:`Prepared` image data a PDF/X-1a image XObject carries as it is
(DeviceCMYK or DeviceGray, 8 bits) and a line saying what was done to it.

* :func:`inspect` reads the header only (size, mode, format), so a 20 000 × 20 000
  pixel file is refused before a byte of it is decoded (:data:`MAX_PIXELS`).
* CMYK and greyscale JPEGs drawn at or below the ceiling pass through as they are
  (DCTDecode, no recompression); everything else is decoded, checked whole (a
  truncated file is an error, never half a picture), cropped, downsampled to the
  ceiling and encoded again, losslessly (Flate), so the total-ink limit holds for the data written.
* RGB goes through LittleCMS (Pillow's ImageCms) from the image's own profile (else
  sRGB) to the press's CMYK profile, then any pixel above the total-ink limit has its
  C, M and Y scaled down under its K (the K plate keeps the detail), and the report
  says so.  A neutral RGB picture (every pixel R = G = B) and line art stay grey: ink on K only.
"""

from __future__ import annotations

import io
import zlib
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from .errors import Problem, UserError
from .i18n import _
from .inputs import InputError, open_input, read_input

#: Most pixels zzprint decodes in one picture (a 60-megapixel camera's whole frame):
#: a bigger image is refused from its header, before any memory is spent on it.
MAX_PIXELS = 64_000_000
#: CMYK profile RGB pictures are converted to when the house names none.  Ghostscript
#: (a build dependency) ships it through the Debian package libgs-common.
DEFAULT_CMYK_PROFILE = "/usr/share/color/icc/ghostscript/default_cmyk.icc"
CEILING = 2.0  # downsample above this many times the minimum resolution
_FLATE_LEVEL = 6
_PASSTHROUGH_MODES = {"CMYK": "DeviceCMYK", "L": "DeviceGray"}


class PictureError(Exception):
    """An image that cannot be used: ``message`` names the file, ``hint`` says what to do."""

    def __init__(self, message: str, hint: str):
        super().__init__(message)
        self.message, self.hint = message, hint

    def problem(self, file: str, line: int, col: int) -> Problem:
        return Problem(self.message, file, line, col, self.hint)


class Header(NamedTuple):
    """What the header of an image file says, before any pixel is decoded."""

    width: int
    height: int
    mode: str  # Pillow mode: CMYK, L, 1, RGB, P, I;16 …
    format: str  # JPEG, PNG, TIFF …

    @property
    def passes_through(self) -> bool:
        """A CMYK or grey 8-bit JPEG: the PDF can carry its bytes as they are."""
        return self.format == "JPEG" and self.mode in _PASSTHROUGH_MODES


class Prepared(NamedTuple):
    """Image data ready for an image XObject."""

    width: int
    height: int
    colorspace: str  # DeviceCMYK or DeviceGray
    filter: str  # DCTDecode or FlateDecode
    data: bytes
    decode_inverted: bool  # an Adobe CMYK JPEG stores its inks inverted: /Decode [1 0 1 0 1 0 1 0]
    conversion: str  # what was done, for the proof report


def _pil():
    from PIL import Image, ImageFile

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS  # Pillow's own bomb check, as a second guard
    ImageFile.LOAD_TRUNCATED_IMAGES = False  # a truncated file is an error, never a grey band
    return Image


def inspect(path: Path, name: str, root: Path) -> Header:
    """The header of ``path`` (through :func:`zzprint.inputs.open_input`), refused when too big to decode."""
    Image = _pil()
    import os

    try:
        Image.MAX_IMAGE_PIXELS = None  # the header is read first: the size is checked with its figures
        with open_input(path, kind="image", root=root, name=name) as (fd, _info), \
                os.fdopen(os.dup(fd), "rb") as fh, Image.open(fh) as image:
            header = Header(image.size[0], image.size[1], image.mode, image.format or "")
            if header.width * header.height > MAX_PIXELS:
                raise _too_many(name, header)
            _check_whole(image)
    except (InputError, PictureError):
        raise
    except Image.DecompressionBombError:
        raise _bomb(name) from None
    except (OSError, ValueError, SyntaxError) as err:  # UnidentifiedImageError is an OSError
        raise PictureError(_("image {name!r} cannot be read: {reason}").format(name=name, reason=err),
                           _("export it again (the file may be cut short), as a JPEG, PNG or TIFF file")) from None
    finally:
        Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    if header.width <= 0 or header.height <= 0:
        raise PictureError(_("image {name!r} has no pixels").format(name=name), _("use a real picture"))
    return header


def _too_many(name: str, header: Header) -> PictureError:
    return PictureError(
        _("image {name!r} is {width} × {height} pixels ({megapixels:.0f} megapixels), more than the "
           "{max_pixels} zzprint decodes").format(name=name, width=header.width, height=header.height, megapixels=header.width * header.height / 1e6, max_pixels=MAX_PIXELS // 1_000_000),
        _("a page needs far fewer: scale it down to the size it is printed at (300 ppi is plenty)"))


def _bomb(name: str) -> PictureError:
    """An image whose pixels, as decoding finds them, are more than zzprint decodes."""
    return PictureError(_("image {name!r} has more pixels than zzprint decodes").format(name=name),
                        _("scale it down to at most {max_pixels} megapixels").format(max_pixels=MAX_PIXELS // 1_000_000))


def _check_whole(image) -> None:
    """Read the whole file cheaply, so a file cut short is refused with the spec, not half drawn:
    a JPEG is decoded at an eighth of its size (every coded block is still read), others verified."""
    if image.format == "JPEG":
        image.draft(image.mode, (max(1, image.size[0] // 8), max(1, image.size[1] // 8)))
        image.load()
    else:
        image.verify()


@lru_cache(maxsize=32)
def prepare(path: str, name: str, root: str, stamp: tuple, crop: tuple[int, int, int, int] | None,
            size: tuple[int, int], tac: float, profile: str | None) -> Prepared:
    """The image data for the PDF: ``crop`` (pixel box; None: the whole JPEG as it is) at ``size`` pixels.

    ``stamp`` (the file's size and time) keys the cache, so a changed file is read again.
    """
    data = read_input(Path(path), kind="image", root=Path(root), name=name)
    Image = _pil()
    try:
        image = Image.open(io.BytesIO(data))
        fmt = image.format or ""
        if image.size[0] * image.size[1] > MAX_PIXELS:  # the file changed since its header was read
            raise _bomb(name)
        if crop is None and fmt == "JPEG" and image.mode in _PASSTHROUGH_MODES:
            image.load()  # decoded once, to know it is whole; the bytes go to the PDF unchanged
            if image.mode == "L" or _peak_ink(image) <= tac:
                inverted = image.mode == "CMYK" and "adobe" in image.info
                return Prepared(image.size[0], image.size[1], _PASSTHROUGH_MODES[image.mode], "DCTDecode", data,
                                inverted, f"{image.mode} JPEG passed through (DCTDecode)")
            crop = (0, 0, *image.size)  # above the ink limit: decoded, held to it and written again
        full = image.size
        if fmt == "JPEG" and crop is not None:  # decode at a smaller scale when the kept part still has enough
            need = (size[0] * full[0] / max(1, crop[2] - crop[0]), size[1] * full[1] / max(1, crop[3] - crop[1]))
            image.draft(image.mode, (max(1, int(need[0]) + 1), max(1, int(need[1]) + 1)))
        image.load()
    except PictureError:
        raise
    except Image.DecompressionBombError:
        raise _bomb(name) from None
    except (OSError, ValueError, SyntaxError, EOFError) as err:
        raise PictureError(_("image {name!r} is broken: {reason}").format(name=name, reason=err),
                           _("export it again from the picture desk's software; the file may be cut short")) from None
    pixels, space, notes = _press_pixels(image, tac, profile, name)
    if crop is not None:
        sx, sy = pixels.size[0] / full[0], pixels.size[1] / full[1]
        box = (crop[0] * sx, crop[1] * sy, crop[2] * sx, crop[3] * sy)
        if pixels.size != size or box != (0, 0, *pixels.size):
            kept = (box[2] - box[0], box[3] - box[1])
            if size[0] < kept[0] - 0.5:
                notes.append(f"downsampled {kept[0]:.0f}→{size[0]} px wide")
            pixels = pixels.resize(size, Image.Resampling.LANCZOS, box=box)
    if space == "DeviceCMYK":  # after resampling, which can overshoot: the data written is what is held to the limit
        pixels = _clamp(pixels, tac, notes)
    # Lossless: a JPEG's error would put ink back above the limit the clamp just kept.
    encoded = zlib.compress(pixels.tobytes(), _FLATE_LEVEL)
    notes.append("encoded FlateDecode")
    return Prepared(pixels.size[0], pixels.size[1], space, "FlateDecode", encoded, False, "; ".join(notes))


def _press_pixels(image, tac: float, profile: str | None, name: str):
    """The decoded image as 8-bit CMYK or grey, with notes on what was changed."""
    import numpy as np

    Image = _pil()
    mode = image.mode
    notes: list[str] = []
    if mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):
        array = np.asarray(image, dtype=np.uint32)
        peak = 65535 if mode.startswith("I;16") else max(1, int(array.max()))
        image = Image.fromarray((array * 255 // peak).astype(np.uint8), "L")
        notes.append(f"{mode} reduced to 8 bits")
        mode = "L"
    if mode in ("1", "P", "PA", "LA", "RGBA", "La", "RGBa", "RGBX"):
        if "A" in mode or "a" in mode or (mode == "P" and "transparency" in image.info):
            rgba = image.convert("RGBA")
            white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
            image = Image.alpha_composite(white, rgba).convert("RGB")  # no soft masks in PDF/X-1a: flattened on paper white
            notes.append("transparency flattened on white")
        else:
            image = image.convert("L" if mode == "1" else "RGB")
        mode = image.mode
    if mode == "YCbCr":
        image, mode = image.convert("RGB"), "RGB"
    if mode == "L":
        notes.insert(0, "grey kept grey (DeviceGray: K only)")
        return image, "DeviceGray", notes
    if mode == "CMYK":
        notes.insert(0, "CMYK kept")
        return image, "DeviceCMYK", notes
    if mode != "RGB":
        raise PictureError(_("image {name!r} is in colour mode {mode}, which zzprint cannot convert").format(name=name, mode=mode),
                           _("save it as RGB, CMYK or greyscale"))
    array = np.asarray(image)
    if (array[..., 0] == array[..., 1]).all() and (array[..., 1] == array[..., 2]).all():
        notes.insert(0, "neutral RGB made grey (DeviceGray: K only)")
        return image.convert("L"), "DeviceGray", notes
    from PIL import ImageCms

    source_bytes = image.info.get("icc_profile")
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(source_bytes)) if source_bytes else ImageCms.createProfile("sRGB")
        source_name = "its embedded profile" if source_bytes else "sRGB"
    except (OSError, ImageCms.PyCMSError):
        source, source_name = ImageCms.createProfile("sRGB"), "sRGB (its embedded profile is unreadable)"
    target_path = profile or DEFAULT_CMYK_PROFILE
    try:
        target = ImageCms.ImageCmsProfile(io.BytesIO(read_input(Path(target_path), kind="ICC profile",
                                                                root=Path(target_path).parent)))
        transform = ImageCms.buildTransform(source, target, "RGB", "CMYK",
                                            renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
                                            flags=ImageCms.Flags.BLACKPOINTCOMPENSATION)
    except InputError as err:
        raise PictureError(_("the CMYK profile for pictures {profile!r} {reason}").format(profile=target_path, reason=err.reason), err.hint) from None
    except (OSError, ImageCms.PyCMSError) as err:
        raise PictureError(_("cannot convert image {name!r} to CMYK with {profile!r}: {reason}").format(name=name, profile=target_path, reason=err),
                           _("name a CMYK output profile (.icc) in output.picture_profile")) from None
    cmyk = ImageCms.applyTransform(image, transform)
    notes.insert(0, f"RGB converted from {source_name} to CMYK with {Path(target_path).name} (LittleCMS, relative colorimetric + BPC)")
    return cmyk, "DeviceCMYK", notes


def _peak_ink(image) -> float:
    """The most total ink of any pixel of a CMYK image, in %."""
    import numpy as np

    return float(np.asarray(image, dtype=np.int32).sum(axis=2).max()) * 100 / 255


def _clamp(image, tac: float, notes: list[str]):
    """Pixels above ``tac`` % total ink lose C, M and Y in proportion, K kept (a scaled GCR)."""
    import numpy as np

    Image = _pil()
    ink = np.asarray(image, dtype=np.int32)
    limit = tac * 255 / 100
    total = ink.sum(axis=2)
    peak = total.max() * 100 / 255 if total.size else 0
    over = total > limit
    if not over.any():
        notes.append(f"total ink at most {peak:.0f} %")
        return image
    cmy = ink[..., :3].sum(axis=2)
    k = ink[..., 3]
    room = np.clip(limit - k, 0, None)
    factor = np.where(over & (cmy > 0), room / np.maximum(cmy, 1), 1.0)
    out = ink.astype(np.float64)
    out[..., :3] = np.floor(out[..., :3] * factor[..., None])
    notes.append(f"total ink {peak:.0f} % cut to {tac:.0f} % on {over.mean() * 100:.1f} % of the pixels (C, M, Y scaled under K)")
    return Image.fromarray(out.astype(np.uint8), "CMYK")


def user_error(err: PictureError | InputError, origin: tuple[str, int, int]) -> UserError:
    """A picture problem at the place of the spec that named the file."""
    if isinstance(err, InputError):
        return UserError(err.at(*origin))
    return UserError(err.problem(*origin))


__all__ = ["inspect", "prepare", "Header", "Prepared", "PictureError", "MAX_PIXELS", "DEFAULT_CMYK_PROFILE",
           "CEILING", "user_error"]

"""Bytes to text: byte-order marks first, then the document's own declaration (HTML/XML
meta charset; a declared ISO 8859-1 that carries bytes 0x80-0x9F is read as windows-1252, as
the WHATWG Encoding Standard has browsers do), then UTF-8 (with a few stray windows-1252 bytes
read as such: "utf-8+cp1252"), then charset-normalizer's guess.

Only input that is not text is refused (NUL bytes in a non-UTF-16 file, or no encoding
that decodes it); the encoding used is returned with the text and recorded with the input.
"""
from __future__ import annotations

import codecs
import re

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_RE = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*(?P<cs>[A-Za-z0-9._:-]+)"""
    rb"""|<\?xml[^>]+encoding\s*=\s*["'](?P<xml>[A-Za-z0-9._:-]+)""",
    re.IGNORECASE,
)
DECLARATION_WINDOW = 4096  # the HTML spec looks for the meta charset in the first 1024 bytes; be generous


class DecodeError(ValueError):
    """The bytes are not text in any encoding we can tell; the message is a one-line reason."""


def _codec(name: str) -> str | None:
    try:
        return codecs.lookup(name.decode("ascii") if isinstance(name, bytes) else name).name
    except (LookupError, UnicodeDecodeError):
        return None


def declared_encoding(data: bytes) -> str | None:
    """The charset an HTML meta tag or XML declaration names near the start, if it is a known codec."""
    m = _META_RE.search(data[:DECLARATION_WINDOW])
    if not m:
        return None
    codec = _codec(m["cs"] or m["xml"])
    # a page saved as UTF-16 cannot truthfully declare an ASCII-compatible charset in ASCII bytes
    return codec


def decode(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """(text, encoding name). `declared` is an outer declaration (an HTTP Content-Type charset),
    tried after a BOM and before the document's own declaration. Raises DecodeError for what is
    not text: NUL bytes, or control characters beyond a stray one per thousand characters."""
    text, encoding = _decode(data, declared)
    controls = len(_CONTROL_RE.findall(text))
    if controls > len(text) // 1000:
        raise DecodeError(f"not text: {controls} control characters (decoded as {encoding})")
    return text, encoding


_CONTROL_RE = re.compile("[\x01-\x08\x0e-\x1f\x7f]")
# bytes that ISO 8859-1 reads as C1 control characters and windows-1252 as „ “ ” – — € …: a page
# declaring "iso-8859-1" (or "latin1") that has them was written in windows-1252, which is what the
# WHATWG Encoding Standard maps those labels to; its five undefined bytes stay ISO 8859-1
_C1_RE = re.compile(rb"[\x80-\x9f]")


def _decode(data: bytes, declared: str | None) -> tuple[str, str]:
    for bom, name in BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(name)
            except UnicodeDecodeError as exc:
                raise DecodeError(f"starts with a {name} byte-order mark but is not valid {name} "
                                  f"(offset {exc.start})") from None
            return text, "utf-8-sig" if name == "utf-8" else name.removesuffix("-le").removesuffix("-be")
    if b"\0" in data:  # UTF-16 and UTF-32 text without a byte-order mark is refused with binaries
        raise DecodeError("binary file (contains NUL bytes)")
    candidates = [c for c in (_codec(declared) if declared else None, declared_encoding(data)) if c]
    for name in candidates:
        if name == "iso8859-1" and _C1_RE.search(data):
            return data.decode("cp1252", errors="surrogateescape").translate(_ESCAPED_AS_CP1252), "cp1252"
        try:
            return data.decode(name), name
        except UnicodeDecodeError:
            continue  # a wrong declaration is common: fall through to detection
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})"
    mixed = _utf8_with_stray_cp1252(data)
    if mixed is not None:
        return mixed, "utf-8+cp1252"
    if _isolated_high_bytes(data):
        # ASCII text with a few lone non-ASCII bytes (a '£' or an 'é' here and there): a multi-byte
        # encoding (UTF-8, Shift-JIS, GBK) would pair them, so it is a single-byte Western one;
        # windows-1252 as browsers read 'latin-1', else ISO 8859-1 for its five undefined bytes
        for name in ("cp1252", "latin-1"):
            try:
                return data.decode(name), name
            except UnicodeDecodeError:
                continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise DecodeError(f"not text: {utf8_error}, and no other character encoding decodes it")
    encoding = _codec(best.encoding) or best.encoding
    if encoding.startswith(("utf-16", "utf-32")):  # without a byte-order mark these guesses are noise
        raise DecodeError(f"{utf8_error}, and its encoding cannot be told")
    return str(best), encoding


_HIGH_RUN_RE = re.compile(rb"[\x80-\xff]+")
STRAY_BYTES_PER_VALID = 1.0  # at most one stray byte per valid multi-byte UTF-8 character


def _single_byte(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return bytes([byte]).decode("latin-1")


# a byte UTF-8 could not decode, as surrogateescape keeps it (U+DC80..U+DCFF), -> its windows-1252 character
_ESCAPED_AS_CP1252 = {0xDC00 + byte: _single_byte(byte) for byte in range(0x80, 0x100)}
_ESCAPED_RE = re.compile("[\udc80-\udcff]")


def _utf8_with_stray_cp1252(data: bytes) -> str | None:
    """UTF-8 text with a few bytes that are not UTF-8 (a page pasted together from a UTF-8 template
    and windows-1252 copy: "Grüße" right and a lone 0x93 quote): the valid sequences as UTF-8, each
    stray byte as windows-1252 (ISO 8859-1 for its five undefined bytes). None when the text has no
    valid multi-byte UTF-8 character, or the stray bytes are more than a few (then it is another
    encoding, and detection decides)."""
    text = data.decode("utf-8", errors="surrogateescape")
    stray = len(_ESCAPED_RE.findall(text))
    if stray > 8 + len(data) // 1000:
        return None
    multibyte = sum(1 for ch in text if ord(ch) > 0x7F) - stray
    if multibyte <= 0 or stray > multibyte * STRAY_BYTES_PER_VALID:
        return None
    return text.translate(_ESCAPED_AS_CP1252)


def _isolated_high_bytes(data: bytes) -> bool:
    """Whether every non-ASCII byte stands alone between ASCII bytes, and they are few."""
    runs = _HIGH_RUN_RE.findall(data)
    return bool(runs) and all(len(run) == 1 for run in runs) and len(runs) * 20 <= len(data)

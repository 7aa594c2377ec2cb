"""Media, logo and font files: a name that reads as what it is, and content of an allowed type.

Every file a course references ships in every package. A name holding a direction override
(`m3-\u202egvs.exe` shows as `m3-exe.svg`) or an invisible character misleads whoever looks at
it in a file list, and a file whose content is a program or a web page is not media, whatever
its extension says. So a name may hold only visible characters, its extension must be one of the
types its field allows, and its first bytes must be that type's signature.

The signatures are a small table rather than a library: the allowed types are few, each is
recognised by fixed bytes at its start (the "magic numbers" of their specifications), and
libmagic-based packages need a system library the course tool does not otherwise use.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

# Unicode categories that draw nothing or change how the text around them is shown: controls,
# formatting (bidirectional overrides, zero-width joiners), private use, unassigned, separators.
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"})
# Letters and marks that render as blank space although their category says otherwise.
_BLANK_LOOKING = frozenset("\u034f\u115f\u1160\u17b4\u17b5\u2800\u3164\uffa0")
NAME_HINT = "rename the file with visible characters only (letters, digits, hyphens, dots) and change the YAML to match"


def hidden_character(name: str) -> tuple[int, str] | None:
    """(position, description) of the first character in name that does not show as itself."""
    for position, character in enumerate(name):
        category = unicodedata.category(character)
        blank_space = category == "Zs" and character != " "
        if category in _HIDDEN_CATEGORIES or blank_space or character in _BLANK_LOOKING:
            described = unicodedata.name(character, "unnamed character")
            return position, f"U+{ord(character):04X} {described}"
    return None


def shown_name(name: str) -> str:
    """name quoted, every character that does not show as itself written as an escape."""
    return "'" + "".join(
        f"\\u{ord(c):04x}" if hidden_character(c) is not None or c in "'\\" else c for c in name) + "'"


def name_problem(reference: str) -> str | None:
    found = hidden_character(reference)
    if found is None:
        return None
    position, described = found
    return (f"media file name {shown_name(reference)} holds a character that does not show as itself "
            f"({described}, at position {position + 1})")


@dataclass(frozen=True)
class MediaType:
    name: str  # what an author calls it, in messages
    extensions: tuple[str, ...]
    matches: Callable[[bytes], bool]


def _starts(*signatures: bytes) -> Callable[[bytes], bool]:
    return lambda content: content.startswith(signatures)


def _riff(form: bytes) -> Callable[[bytes], bool]:
    return lambda content: content[:4] == b"RIFF" and content[8:12] == form


def _iso_media(content: bytes) -> bool:  # MP4, M4A: an ISO base media file opens with its ftyp box
    return content[4:8] == b"ftyp"


def _mp3(content: bytes) -> bool:  # an ID3 tag, or straight away an MPEG audio frame's sync bits
    return content.startswith(b"ID3") or (len(content) > 1 and content[0] == 0xFF and content[1] & 0xE0 == 0xE0)


def _text_start(content: bytes) -> str:
    head = content[:512].removeprefix(b"\xef\xbb\xbf")
    return head.decode("utf-8", errors="replace").lstrip(" \t\r\n")


def _svg(content: bytes) -> bool:
    # an XML document; that its root is <svg> and nothing in it is active is svg_safety's to check
    return _text_start(content).startswith(("<?xml", "<svg", "<!--", "<!DOCTYPE svg"))


def _webvtt(content: bytes) -> bool:
    body = content.removeprefix(b"\xef\xbb\xbf")
    return body.startswith(b"WEBVTT") and body[6:7] in (b"", b" ", b"\t", b"\n", b"\r")


PNG = MediaType("PNG image", (".png",), _starts(b"\x89PNG\r\n\x1a\n"))
JPEG = MediaType("JPEG image", (".jpg", ".jpeg"), _starts(b"\xff\xd8\xff"))
GIF = MediaType("GIF image", (".gif",), _starts(b"GIF87a", b"GIF89a"))
WEBP = MediaType("WebP image", (".webp",), _riff(b"WEBP"))
SVG = MediaType("SVG drawing", (".svg",), _svg)
MP4 = MediaType("MP4 video or audio", (".mp4", ".m4v", ".m4a"), _iso_media)
WEBM = MediaType("WebM video or audio", (".webm",), _starts(b"\x1a\x45\xdf\xa3"))
OGG = MediaType("Ogg video or audio", (".ogg", ".ogv", ".oga", ".opus"), _starts(b"OggS"))
MP3 = MediaType("MP3 audio", (".mp3",), _mp3)
WAV = MediaType("WAV audio", (".wav",), _riff(b"WAVE"))
WEBVTT = MediaType("WebVTT captions file", (".vtt",), _webvtt)
WOFF2 = MediaType("WOFF2 font", (".woff2",), _starts(b"wOF2"))
WOFF = MediaType("WOFF font", (".woff",), _starts(b"wOFF"))
TRUETYPE = MediaType("TrueType font", (".ttf",), _starts(b"\x00\x01\x00\x00", b"true"))
OPENTYPE = MediaType("OpenType font", (".otf",), _starts(b"OTTO", b"\x00\x01\x00\x00"))

# What each kind of reference may point at.
IMAGES = (SVG, PNG, JPEG, GIF, WEBP)
VIDEO = (MP4, WEBM, OGG)
AUDIO = (MP3, MP4, OGG, WEBM, WAV)
CAPTIONS = (WEBVTT,)
FONTS = (WOFF2, WOFF, TRUETYPE, OPENTYPE)

# What a refused file's first bytes most likely are, to say so in the message.
_LOOKS_LIKE = (
    (_starts(b"MZ"), "a Windows program"),
    (_starts(b"\x7fELF"), "a Linux program"),
    (_starts(b"\xcf\xfa\xed\xfe", b"\xfe\xed\xfa\xce", b"\xca\xfe\xba\xbe"), "a macOS program"),
    (_starts(b"#!"), "a script"),
    (_starts(b"PK\x03\x04"), "a zip archive (or an Office document)"),
    (_starts(b"%PDF"), "a PDF document"),
    (lambda content: _text_start(content).lower().startswith(("<!doctype html", "<html")), "an HTML page"),
)


def _looks_like(content: bytes) -> str:
    """What content is, by its first bytes, as the end of "by its first bytes it is …"."""
    for matches, description in _LOOKS_LIKE:
        if matches(content):
            return description
    for media_type in (*IMAGES, *VIDEO, *AUDIO, *CAPTIONS, *FONTS):
        if media_type.matches(content):
            return f"a {media_type.name}"
    return "none of the types a course can ship" if content else "an empty file"


def content_problem(reference: str, content: bytes, allowed: tuple[MediaType, ...]) -> str | None:
    """Why a file is not one of the allowed types, judged by its extension and its first bytes."""
    extension = "." + reference.rsplit(".", 1)[-1].casefold() if "." in reference.rsplit("/", 1)[-1] else ""
    claimed = next((t for t in allowed if extension in t.extensions), None)
    if claimed is None:
        names = ", ".join(e for t in allowed for e in t.extensions)
        what = f"'{extension}'" if extension else "a name without an extension"
        return f"media file {shown_name(reference)} is refused: {what} is not one of the types allowed here ({names})"
    if claimed.matches(content):
        return None
    return (f"media file {shown_name(reference)} is refused: its content is not a {claimed.name} "
            f"(by its first bytes it is {_looks_like(content)})")

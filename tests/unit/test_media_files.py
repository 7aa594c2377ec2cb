"""Media, logo and font files: names that show as themselves, content of an allowed type by its bytes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dcp_course.cli import main
from dcp_course.source.errors import SourceError, SourceErrors
from dcp_course.source.load import load_course
from dcp_course.source.media_files import AUDIO, CAPTIONS, FONTS, IMAGES, NAME_HINT, VIDEO, MediaType

from .test_sources import COURSE_YAML, MODULE_YAML, write_course

MODULE_FILE = "modules/01-first/module.yaml"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
WINDOWS_PROGRAM = b"MZ\x90\x00\x03\x00\x00\x00"
# The smallest start of a file of each type that its signature recognises.
SAMPLES = {
    ".svg": b'<svg xmlns="http://www.w3.org/2000/svg"/>', ".png": PNG, ".jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF",
    ".jpeg": b"\xff\xd8\xff\xdb", ".gif": b"GIF89a\x01\x00", ".webp": b"RIFF\x24\x00\x00\x00WEBPVP8 ",
    ".mp4": b"\x00\x00\x00\x18ftypmp42", ".m4v": b"\x00\x00\x00\x18ftypM4V ", ".m4a": b"\x00\x00\x00\x18ftypM4A ",
    ".webm": b"\x1a\x45\xdf\xa3\x9f\x42\x86", ".ogg": b"OggS\x00\x02", ".ogv": b"OggS\x00\x02",
    ".oga": b"OggS\x00\x02", ".opus": b"OggS\x00\x02", ".mp3": b"ID3\x04\x00", ".wav": b"RIFF\x24\x00\x00\x00WAVEfmt ",
    ".vtt": b"\xef\xbb\xbfWEBVTT\n\n", ".woff2": b"wOF2\x00\x01", ".woff": b"wOFF\x00\x01",
    ".ttf": b"\x00\x01\x00\x00\x00\x10", ".otf": b"OTTO\x00\x0b",
}


def course_with(tmp_path: Path, block: str, files: dict[str, bytes], course: str = COURSE_YAML) -> Path:
    root = write_course(tmp_path, MODULE_YAML.replace("      - text: Hello.", block), course)
    for name, content in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(content)
    return root


def only_error(root: Path) -> SourceError:
    with pytest.raises(SourceErrors) as caught:
        load_course(root)
    assert len(caught.value.errors) == 1, [e.render() for e in caught.value.errors]
    return caught.value.errors[0]


def line_of(path: Path, fragment: str) -> int:
    found = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if fragment in line]
    assert len(found) == 1, (fragment, found)
    return found[0]


def test_every_allowed_extension_has_a_sample_and_each_sample_is_accepted() -> None:
    extensions = {e for kinds in (IMAGES, VIDEO, AUDIO, CAPTIONS, FONTS) for t in kinds for e in t.extensions}
    assert extensions == set(SAMPLES)
    for kinds in (IMAGES, VIDEO, AUDIO, CAPTIONS, FONTS):
        for media_type in kinds:
            for extension in media_type.extensions:
                assert media_type.matches(SAMPLES[extension]), extension


@pytest.mark.parametrize("kinds", [IMAGES, VIDEO, AUDIO, CAPTIONS, FONTS])
def test_no_type_takes_another_types_sample(kinds: tuple[MediaType, ...]) -> None:
    for media_type in kinds:
        strangers = {e for e, content in SAMPLES.items() if media_type.matches(content)} - set(media_type.extensions)
        # MP4 carries audio and video alike, Ogg the same; TrueType outlines may sit in an OpenType file
        assert strangers <= {".ttf", ".otf"}, (media_type.name, strangers)


@pytest.mark.parametrize(("name", "described", "position"), [
    ("m3-\u202egvs.exe", "U+202E RIGHT-TO-LEFT OVERRIDE", 4),
    ("pic\u200b.svg", "U+200B ZERO WIDTH SPACE", 4),
    ("pic\u2066x\u2069.svg", "U+2066 LEFT-TO-RIGHT ISOLATE", 4),
    ("pic\u061c.svg", "U+061C ARABIC LETTER MARK", 4),  # (C0 controls are refused in any YAML text)
    ("pic\u00a0two.svg", "U+00A0 NO-BREAK SPACE", 4),
    ("pic\u3164.svg", "U+3164 HANGUL FILLER", 4),  # a letter by category, blank on screen
])
def test_a_name_with_a_character_that_does_not_show_is_refused_at_its_yaml_line(
        tmp_path: Path, name: str, described: str, position: int) -> None:
    reference = f"media/{name}"
    root = course_with(tmp_path, f"      - image: {{src: {json.dumps(reference)}, alt: A diagram}}",
                       {f"modules/01-first/media/{name}": SAMPLES[".svg"]})
    error = only_error(root)
    shown = "".join(c if c.isprintable() and c != "\u00a0" and c != "\u3164" else f"\\u{ord(c):04x}"
                    for c in reference)
    line = line_of(root / MODULE_FILE, "image:")
    column = (root / MODULE_FILE).read_text(encoding="utf-8").splitlines()[line - 1].index("src:") + 1
    assert error.render(root) == (
        f"{MODULE_FILE}:{line}:{column}: lessons[0].blocks[0].image.src: media file name '{shown}' holds a character "
        f"that does not show as itself ({described}, at position {len('media/') + position}) ({NAME_HINT})")
    assert not any(c in error.render(root) for c in name if not c.isascii())


def test_an_executable_named_as_such_is_refused(tmp_path: Path) -> None:
    root = course_with(tmp_path, "      - image: {src: media/m3-gvs.exe, alt: A diagram}",
                       {"modules/01-first/media/m3-gvs.exe": WINDOWS_PROGRAM})
    assert only_error(root).message == ("media file 'media/m3-gvs.exe' is refused: '.exe' is not one of the types "
                                        "allowed here (.svg, .png, .jpg, .jpeg, .gif, .webp)")


@pytest.mark.parametrize(("content", "looks_like"), [
    (WINDOWS_PROGRAM, "a Windows program"),
    (b"<!DOCTYPE html><script>alert(1)</script>", "an HTML page"),
    (b"PK\x03\x04\x14\x00", "a zip archive (or an Office document)"),
    (b"\xff\xd8\xff\xe0", "a JPEG image"),
    (b"hello", "none of the types a course can ship"),
    (b"", "an empty file"),
])
def test_content_is_judged_by_its_bytes_not_its_name(tmp_path: Path, content: bytes, looks_like: str) -> None:
    root = course_with(tmp_path, "      - image: {src: media/photo.png, alt: A photo}",
                       {"modules/01-first/media/photo.png": content})
    error = only_error(root)
    assert error.message == (f"media file 'media/photo.png' is refused: its content is not a PNG image "
                             f"(by its first bytes it is {looks_like})")
    assert error.line == line_of(root / MODULE_FILE, "image:")


def test_captions_and_sound_are_checked_by_content(tmp_path: Path) -> None:
    block = ("      - audio: {src: media/talk.mp3, captions: media/talk.vtt, title: Talk, transcript: Words.}")
    root = course_with(tmp_path, block, {"modules/01-first/media/talk.mp3": SAMPLES[".mp3"],
                                         "modules/01-first/media/talk.vtt": b"1\n00:00:00,000 --> 00:00:01,000\n"})
    assert only_error(root).message == ("media file 'media/talk.vtt' is refused: its content is not a WebVTT "
                                        "captions file (by its first bytes it is none of the types a course can ship)")
    (root / "modules/01-first/media/talk.vtt").write_bytes(SAMPLES[".vtt"])
    assert load_course(root).modules[0].media["media/talk.mp3"] == SAMPLES[".mp3"]


def test_logo_and_fonts_are_checked_at_the_course_yaml_line(tmp_path: Path) -> None:
    course = COURSE_YAML.replace("organisation: {name: Test}", (
        "organisation:\n  name: Test\n  logo: \"media/logo\u202egnp.exe\"\n"
        "  fonts:\n    - {family: Sans, src: fonts/sans.woff2, weight: 400}"))
    root = course_with(tmp_path, "      - text: Hello.", {"course/media/logo\u202egnp.exe": PNG,
                                                        "course/fonts/sans.woff2": b"PK\x03\x04"}, course)
    with pytest.raises(SourceErrors) as caught:
        load_course(root)
    rendered = [error.render(root) for error in caught.value.errors]
    course_file = root / "course" / "course.yaml"
    assert rendered == [
        f"course/course.yaml:{line_of(course_file, 'logo:')}:3: organisation.logo: media file name "
        "'media/logo\\u202egnp.exe' holds a character that does not show as itself (U+202E RIGHT-TO-LEFT OVERRIDE, "
        f"at position 11) ({NAME_HINT})",
        f"course/course.yaml:{line_of(course_file, 'src: fonts/sans.woff2')}:22: organisation.fonts[0].src: media file "
        "'fonts/sans.woff2' is refused: its content is not a WOFF2 font (by its first bytes it is a zip archive "
        "(or an Office document)) (export the file again in one of the allowed formats, named with its extension)",
    ]


def test_validate_build_and_lint_all_refuse_such_a_file(tmp_path: Path) -> None:
    root = course_with(tmp_path, '      - image: {src: "media/m3-\u202egvs.exe", alt: A diagram}',
                       {"modules/01-first/media/m3-\u202egvs.exe": WINDOWS_PROGRAM})
    for command in (["validate"], ["build", "--out", str(tmp_path / "dist")], ["lint"]):
        result = CliRunner().invoke(main, ["--root", str(root), *command])
        assert result.exit_code != 0, command
        assert "media/m3-\\u202egvs.exe' holds a character that does not show as itself" in result.output, command
    assert not (tmp_path / "dist").exists()

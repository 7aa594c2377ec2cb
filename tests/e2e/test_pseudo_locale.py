"""The real course in the pseudo-locale qps: every word a learner sees comes from a unit or a catalogue.

qps accents every letter of every translatable text and interface message (a→å, e→é…), so in a qps
build no plain ASCII letter may appear anywhere a learner or a screen reader meets text: text
nodes, document titles, alt/title/aria-label/placeholder attributes. Whatever does is English a
template, a script or the manifest wrote on its own. The check runs on the files as built (every
page, SCO shell and manifest title) and in Chromium after scripts ran and questions were answered.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
from jinja2 import Environment
from lxml import etree
from lxml import html as lxml_html

from dcp_course.build import build
from dcp_course.render import pages as render_pages

from .harness import REPO, LmsSession, StaticServer, extract_package, wait_until_ready
from .learner import answer_right
from .test_accessibility import violations

# Words that may stay in plain letters, each for a reason; nothing else may.
ALLOWED_WORDS: dict[str, str] = {}  # none needed today: every proper name lives in a unit
PLAIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'\u2019.-]*")
TEXT_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder", "label")
SKIPPED_ELEMENTS = ("script", "style", "template")


def plain_words(text: str) -> list[str]:
    return [word for word in PLAIN_WORD.findall(text) if word not in ALLOWED_WORDS]


def leaks_in_html(content: bytes) -> list[str]:
    """Plain words in a page's text nodes and text attributes, with the element they sit in."""
    document = lxml_html.fromstring(content)
    found = []
    for element in document.iter():
        if not isinstance(element.tag, str) or element.tag in SKIPPED_ELEMENTS:
            continue
        texts = [element.text or ""] if element.tag not in SKIPPED_ELEMENTS else []
        texts += [child.tail or "" for child in element]
        texts += [element.get(name) or "" for name in TEXT_ATTRIBUTES]
        found += [f"<{element.tag}> {word}" for text in texts for word in plain_words(text)]
    return found


@pytest.fixture(scope="module")
def pseudo_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("qps")
    build(REPO, out, ("web", "scorm2004", "scorm12"), languages=("qps",))
    return out


def package_files(out: Path, kind: str) -> dict[str, bytes]:
    archive = next(out.glob(f"*-qps-{kind}.zip"))
    with zipfile.ZipFile(io.BytesIO(archive.read_bytes())) as package:
        return {name: package.read(name) for name in package.namelist()}


def test_every_built_page_and_shell_is_pseudo_text_only(pseudo_build: Path) -> None:
    web = pseudo_build / "web" / "qps"
    pages = sorted(web.rglob("*.html"))
    assert len(pages) > 50
    leaks = {page.relative_to(web).as_posix(): found for page in pages if (found := leaks_in_html(page.read_bytes()))}
    for kind in ("scorm12", "scorm2004"):
        for name, content in package_files(pseudo_build, kind).items():
            if name.endswith(".html") and (found := leaks_in_html(content)):
                leaks[f"{kind}:{name}"] = found
    assert leaks == {}
    home = lxml_html.fromstring((web / "index.html").read_bytes())
    assert home.get("lang") == "en-XA"  # what Chrome and Android call this pseudo-locale
    assert "⟦" in home.findtext(".//h1")


def test_manifest_titles_and_messages_for_scripts_are_pseudo_text(pseudo_build: Path) -> None:
    for kind in ("scorm12", "scorm2004"):
        manifest = etree.fromstring(package_files(pseudo_build, kind)["imsmanifest.xml"])
        titles = [title.text or "" for title in manifest.iter("{*}title")]
        assert len(titles) >= 10
        assert [title for title in titles if plain_words(title)] == [], kind
    course_data = (pseudo_build / "web" / "qps" / "assets" / "js" / "course-data.js").read_text(encoding="utf-8")
    messages_line = course_data.split("window.DCP_MESSAGES = ", 1)[1].split("\n", 1)[0]
    messages = json.loads(messages_line.rstrip().rstrip(";"))
    assert messages and all(not plain_words(re.sub(r"\{\w+\}", "", text)) for text in messages.values())


def test_a_hard_coded_english_word_in_a_template_is_caught(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Guards the guard: the same check fails as soon as a template writes a word of its own."""
    templates = tmp_path / "templates"
    shutil.copytree(render_pages.TEMPLATES_DIR, templates)
    base = templates / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("<main", "<p>Menu</p><main", 1), encoding="utf-8")
    patched: Environment = render_pages.environment.__wrapped__(templates)
    monkeypatch.setattr(render_pages, "environment", lambda templates_dir=templates, watch_templates=True: patched)
    out = tmp_path / "out"
    build(REPO, out, ("web",), languages=("qps",))
    assert "<p> Menu" in leaks_in_html((out / "web" / "qps" / "index.html").read_bytes())


# ---------------------------------------------------------------- in the browser

VISIBLE_TEXT_SCRIPT = """(attributes) => {
  const found = [];
  const walker = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (parent && !parent.closest('script, style, template')) found.push(node.data);
  }
  for (const element of document.querySelectorAll('*')) {
    for (const name of attributes) { if (element.hasAttribute(name)) found.push(element.getAttribute(name)); }
  }
  found.push(document.title);
  return found;
}"""


def browser_leaks(frame: Any) -> list[str]:
    texts = frame.evaluate(VISIBLE_TEXT_SCRIPT, list(TEXT_ATTRIBUTES))
    return sorted({word for text in texts for word in plain_words(text)})


def answer_everything(page: Any) -> None:
    """Reveal every scenario, answer every knowledge check and quiz question, submit them."""
    for reveal in page.locator("[data-scenario]").all():
        reveal.locator("input[type=radio]").first.check()
        reveal.locator("[data-scenario-reveal]").click()
    data = json.loads(page.locator("#dcp-page").text_content() or "{}")
    for qid, question in data["questions"].items():
        if not question["graded"]:
            answer_right(page, qid, question)
            page.locator(f"form[data-check='{qid}'] [data-check-submit]").click()
    if page.locator("[data-quiz-form]").count():
        for qid, question in data["questions"].items():
            if question["graded"] and page.locator(f"[data-question-item='{qid}']").is_visible():
                answer_right(page, qid, question)
        page.locator("[data-quiz-submit]").click()
        page.locator("[data-quiz-result]").wait_for(state="visible")


def test_no_english_in_any_page_or_answered_state(context: Any, server: StaticServer, pseudo_build: Path) -> None:
    web = pseudo_build / "web" / "qps"
    base = server.mount("qps-web", web)
    page = context.new_page()
    leaks = {}
    for path in sorted(web.rglob("*.html")):
        relative = path.relative_to(web).as_posix()
        page.goto(base + relative)
        wait_until_ready(page)
        before = browser_leaks(page)
        answer_everything(page)
        found = sorted(set(before) | set(browser_leaks(page)))
        if found:
            leaks[relative] = found
    assert leaks == {}


def test_sco_shell_in_the_lms_is_pseudo_text_only(context: Any, server: StaticServer, pseudo_build: Path) -> None:
    archive = next(pseudo_build.glob("*-qps-scorm2004.zip"))
    folder = pseudo_build / "qps-scorm2004"
    package = extract_package(archive, folder, "2004", server.mount("qps-scorm2004", folder))
    for sco_id in (sorted(package.scos)[0], "sco-final-assessment"):
        session = LmsSession(context.new_page(), server, package, sco_id)
        session.launch()
        shell = session.page.frame(url=package.launch_url(sco_id))
        lesson = next(frame for frame in session.page.frames if frame.parent_frame is shell)
        assert shell is not None and lesson is not None
        assert browser_leaks(shell) == [], sco_id
        assert browser_leaks(lesson) == [], sco_id


def test_longer_text_still_passes_axe_and_reflows_at_320_px(
        context: Any, server: StaticServer, pseudo_build: Path) -> None:
    web = pseudo_build / "web" / "qps"
    base = server.mount("qps-web-a11y", web)
    page = context.new_page()
    lessons = sorted(web.glob("0*/*.html"))
    sample = ["index.html", "glossary.html", "further-reading.html", "final-assessment.html",
              *(p.relative_to(web).as_posix() for p in lessons[:6])]
    problems = {}
    for relative in sample:
        page.goto(base + relative)
        wait_until_ready(page)
        answer_everything(page)
        if found := violations(page):
            problems[relative] = found
    assert problems == {}
    page.set_viewport_size({"width": 320, "height": 800})
    overflowing = {}
    for path in sorted(web.rglob("*.html")):
        relative = path.relative_to(web).as_posix()
        page.goto(base + relative)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow > 0:
            overflowing[relative] = overflow
    assert overflowing == {}


def test_english_written_by_a_script_is_caught(context: Any, server: StaticServer, pseudo_build: Path,
                                               tmp_path: Path) -> None:
    """Guards the browser check: a word a script adds at run time shows up as a leak."""
    web = tmp_path / "web"
    shutil.copytree(pseudo_build / "web" / "qps", web)
    script = web / "assets" / "js" / "page.js"
    script.write_text(script.read_text(encoding="utf-8")
                      + '\ndocument.body.append(document.createTextNode("Loading"));\n', encoding="utf-8")
    page = context.new_page()
    page.goto(server.mount("qps-web-injected", web) + "index.html")
    wait_until_ready(page)
    assert browser_leaks(page) == ["Loading"]

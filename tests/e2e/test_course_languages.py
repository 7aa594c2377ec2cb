"""The course in each shipped language (course.yaml `languages`), as an academy imports it.

For every translated language: a learner completes module 4 and its quiz inside scorm-again in
both SCORM versions, typing the fill-in answer in that language; the LMS receives passed and the
same interaction ids as in English. Every page passes axe, and no English word shows outside
cited titles, code and text marked as another language.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from dcp_course.build import build
from dcp_course.source.load import load_course

from .harness import (
    REPO,
    LmsSession,
    StaticServer,
    extract_package,
    follow_link,
    require_module,
    wait_until_ready,
)
from .learner import answer_right
from .test_accessibility import violations
from .test_scorm_runtime import assert_one_clean_session, assert_score, assert_status

pytestmark = pytest.mark.browser
expect = require_module("playwright.sync_api").expect

LANGUAGES = [language for language in load_course(REPO).course.built_languages[1:]]
MODULE_SCO = "sco-m4-competences-and-wellbeing"  # the module whose quiz has a fill-in
# English words that are no word of German, French or Dutch ("not" is left out: German has "Not"):
# one of them in running text means an untranslated sentence or an English template word.
ENGLISH_ONLY = frozenset(["the", "and", "with", "your", "you", "which", "what", "this", "that", "these", "those", "are", "for", "from", "they", "their", "them", "have", "been", "would", "should", "could", "there", "who", "how", "why", "into", "only", "can", "may", "must", "when", "then", "than", "were", "has", "does", "doesn't", "don't", "it's", "can't", "won't"])
# English proper names the course cites in running text and publisher lines, kept as their owners
# write them (a journal, an institute, a report's and the source paper's titles); removed before the check.
PROPER_NAMES = (
    "Community police and the online dimension", "European Journal of Law and Technology",
    "Proceedings of the 2014 ANZCA Annual Conference", "Depression and Anxiety", "Institute for Strategic Dialogue",
    "EU Terrorism Situation and Trend Report", "Handyside v. the United Kingdom",
)
WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)?")
# Text that may rightly be English in a translated course: cited titles, code, and any element
# marked as another language.
KEPT_AS_WRITTEN = "cite, code, script, style, template, [lang]:not(html)"
ENGLISH_TEXT_SCRIPT = """(skip) => {
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (parent && !parent.closest(skip) && parent.getClientRects().length) found.push(node.data);
  }
  for (const element of document.querySelectorAll('[aria-label], [alt], [title]')) {
    if (element.closest(skip)) continue;
    for (const name of ['aria-label', 'alt', 'title']) if (element.hasAttribute(name)) found.push(element.getAttribute(name));
  }
  found.push(document.title);
  return found;
}"""


def english_words(texts: list[str]) -> list[str]:
    found = set()
    for text in texts:
        for name in PROPER_NAMES:
            text = text.replace(name, " ")
        found |= {word for word in WORD.findall(text) if word.lower() in ENGLISH_ONLY}
    return sorted(found)


@pytest.fixture(scope="module")
def languages_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("languages")
    build(REPO, out, ("web", "scorm12", "scorm2004"))
    return out


def package(server: StaticServer, out: Path, language: str, version: str) -> Any:
    suffix = "scorm12" if version == "1.2" else "scorm2004"
    archive = next(out.glob(f"*-{language}-{suffix}.zip"))
    folder = out / f"{language}-{suffix}"
    return extract_package(archive, folder, version, server.mount(f"lang-{language}-{suffix}", folder))


def complete_module(session: LmsSession, passed_text: str) -> dict[str, str]:
    """Every page in pager order, then the quiz answered from the page's key (the practical task
    written and submitted); returns the fill-in answers typed."""
    content = session.content
    while content.locator("a.pager-next").count():
        follow_link(content, content.locator("a.pager-next"))
    data = json.loads(content.locator("#dcp-page").text_content() or "{}")
    typed = {}
    for qid, question in data["questions"].items():
        if question["graded"] and content.locator(f"[data-question-item='{qid}']").is_visible():
            answer_right(content, qid, question)
            if question["kind"] == "fill":
                typed[qid] = question["answers"][0]
    content.locator("[data-quiz-submit]").click()
    expect(content.locator("[data-quiz-score]")).to_contain_text(passed_text)
    return typed


def run_module(page: Any, server: StaticServer, out: Path, language: str, version: str) -> tuple[LmsSession, dict[str, str]]:
    messages = json.loads((REPO / "templates" / "messages" / f"{language}.json").read_text(encoding="utf-8"))
    session = LmsSession(page, server, package(server, out, language, version), MODULE_SCO)
    session.launch()
    typed = complete_module(session, messages["js"]["passed"])
    session.exit()
    return session, typed


def interaction_ids(session: LmsSession) -> list[str]:
    return [values["id"] for _, values in sorted(session.interactions().items())]


@pytest.mark.parametrize("version", ["1.2", "2004"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_learner_completes_module_4_in_the_language_with_the_english_interaction_ids(
        page: Any, server: StaticServer, languages_build: Path, language: str, version: str) -> None:
    english, english_typed = run_module(page, server, languages_build, "en", version)
    session, typed = run_module(page, server, languages_build, language, version)
    assert_one_clean_session(session)
    assert_status(session, completed=True, success="passed")
    assert_score(session, "100")
    assert interaction_ids(session) == interaction_ids(english)
    results = {values["id"]: values["result"] for values in session.interactions().values()}
    # every graded question right; the practical task (ids "m4-task-…") recorded as neutral, never scored
    assert {result for qid, result in results.items() if "-task-" not in qid} == {"correct"}
    assert {result for qid, result in results.items() if "-task-" in qid} == {"neutral"}
    assert typed.keys() == english_typed.keys() and typed
    for qid, answer in typed.items():
        assert answer.casefold() != english_typed[qid].casefold(), f"{qid}: typed the English answer {answer!r}"
        response = next(v for v in session.interactions().values() if v["id"].endswith(qid))
        recorded = response.get("learner_response", response.get("student_response", ""))
        assert recorded.strip().casefold() == answer.strip().casefold()


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_passes_axe_and_shows_no_english_sentence(
        context: Any, server: StaticServer, languages_build: Path, language: str) -> None:
    web = languages_build / "web" / language
    base = server.mount(f"lang-{language}-web", web)
    page = context.new_page()
    problems: dict[str, list[str]] = {}
    for path in sorted(web.rglob("*.html")):
        relative = path.relative_to(web).as_posix()
        page.goto(base + relative)
        wait_until_ready(page)
        found = violations(page)
        english = english_words(page.evaluate(ENGLISH_TEXT_SCRIPT, KEPT_AS_WRITTEN))
        if english:
            found.append(f"English words: {english}")
        if found:
            problems[relative] = found
    page.close()
    assert problems == {}


def test_the_english_word_check_finds_an_untranslated_sentence() -> None:
    """Guards the guard: a sentence left in English is caught; German, French and Dutch are not."""
    assert english_words(["Keep the account official and answer with care."]) == ["and", "the", "with"]
    assert english_words(["Das Konto bleibt dienstlich.", "Le compte reste officiel.", "Het account is officieel."]) == []
    assert english_words(["Publié dans European Journal of Law and Technology, 2015."]) == []

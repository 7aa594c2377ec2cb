"""Lint: every rule fires on the flawed fixture exactly where its comments say, and never on the clean one."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO, TESTS

from dcp_course.cli import main
from dcp_course.lint import RULES, Finding, lint_course
from dcp_course.lint.answer_keys import blank_neighbours, repeated_stem_word
from dcp_course.lint.prose import chunks, sentences, words
from dcp_course.lint.rules import alt_problem, judge_link
from dcp_course.source.load import load_course

CLEAN = TESTS / "fixtures" / "lint" / "clean"
FLAWED = TESTS / "fixtures" / "lint" / "flawed"
EXPECT = re.compile(r"#\s*expect:\s*([a-z, -]+)$")
# Findings that no trailing comment can mark: whole files, first lines, lines inside a `|` block.
UNMARKED = {
    ("course/course.yaml", 1, "schema-header"),
    ("modules/02-more/module.yaml", 1, "schema-header"),
    ("course/media/banner.svg", 0, "media-unused"),
    ("modules/01-flawed/media/orphan.svg", 0, "media-unused"),
    ("modules/02-more/module.yaml", 16, "long-sentence"),  # third line of the `text: |` block
}


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def expected_findings(root: Path) -> set[tuple[str, int, str]]:
    expected = set(UNMARKED)
    for path in sorted(root.rglob("*.yaml")):
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            marked = EXPECT.search(line)
            for rule in marked.group(1).split(",") if marked else ():
                expected.add((path.relative_to(root).as_posix(), number, rule.strip()))
    return expected


def summary(findings: list[Finding], root: Path) -> set[tuple[str, int, str]]:
    return {(f.path.relative_to(root).as_posix(), f.line, f.rule) for f in findings}


@pytest.fixture(scope="module")
def flawed() -> list[Finding]:
    return lint_course(load_course(FLAWED, refuse_final=False))


@pytest.fixture(scope="module")
def clean() -> list[Finding]:
    return lint_course(load_course(CLEAN))


def test_flawed_fixture_findings_are_exactly_the_marked_ones(flawed: list[Finding]) -> None:
    assert summary(flawed, FLAWED) == expected_findings(FLAWED)


def test_clean_fixture_has_no_findings(clean: list[Finding]) -> None:
    assert [f.render(CLEAN) for f in clean] == []


@pytest.mark.parametrize("rule", sorted(RULES))
def test_each_rule_fails_its_failing_fixture_and_passes_its_passing_one(
        rule: str, flawed: list[Finding], clean: list[Finding]) -> None:
    assert any(rule == expected for _, _, expected in expected_findings(FLAWED)), "no failing fixture"
    assert rule in {f.rule for f in flawed}
    assert rule not in {f.rule for f in clean}


def test_findings_render_like_source_errors(flawed: list[Finding]) -> None:
    rendered = [f.render(FLAWED) for f in flawed]
    assert ("modules/01-flawed/module.yaml:46:42: lessons[1].blocks[4].image.alt: alt text 'IMG_2041' "
            "is a file name, not a description (say what the picture shows, as you would to someone on "
            "the phone) [warning: image-alt]") in rendered
    assert ("modules/01-flawed/media/orphan.svg: media/orphan.svg is not used by any block or link "
            "(use it in an image, video or audio block, or delete it) [warning: media-unused]") in rendered
    assert flawed == sorted(flawed)


@pytest.mark.parametrize("expected", [
    ("course/course.yaml:12:1: minutes: minutes is 45, but the 2 modules add up to 30 and the final assessment "
    "gives no minutes (write minutes: 30, or correct the modules' or the final's; the home page shows the "
    "modules' figures and the LMS reads the course's) [error: course-minutes]"),
    ("modules/01-flawed/module.yaml:68:98: lessons[3].blocks[0].scenario.options[1].best: scenario "
    "'Two right answers' marks 2 options best: 'Answer with the official notice', \"Point to the council's "
    "page\" (keep best: true on the one strongest choice; the page calls every best option a strong choice, "
    "so learners cannot tell which one the course teaches) [error: several-best-options]"),
    ("modules/01-flawed/module.yaml:83:19: lessons[3].blocks[2].check.steps[0].options[1]: step 'first' has "
    "2 best options, each worth 2 points on its best path: 'Correct it with the known facts', 'Ask the "
    "poster for a source' (give the one strongest option more points; the LMS report and the answer key "
    "count only the first of tied options as correct) [error: several-best-options]"),
    ("modules/02-more/module.yaml:48:11: quiz.questions[3].answers[1]: accepted answer 'crime prevention' "
    "repeats 'crime', which the stem already has before the blank (accept only the missing words; filled "
    "in, the sentence reads 'crime crime prevention') [error: fill-repeats-stem]"),
    ("modules/02-more/module.yaml:54:11: quiz.questions[4].answers[1]: accepted answer 'the data' repeats "
    "'the', which the stem already has before the blank (accept only the missing words; filled in, the "
    "sentence reads 'the the data') [error: fill-repeats-stem]"),
    ("modules/02-more/module.yaml:38:7: quiz.questions[2].scoring: multiple-response question 'm2-q-scored' "
    "is scored all-or-nothing, but 2 of the course's 3 multiple-response questions are scored partial "
    "(write scoring: partial; one rule for the whole course, so learners know what a half-right answer "
    "earns) [warning: mixed-scoring]"),
    ("modules/02-more/module.yaml:87:46: sources[0].year: 'https://EXAMPLE.org/new/' is cited here as 2023, "
    "but as 2024 at 01-flawed/module.yaml:122 (give one address one year: when that page was published or "
    "last updated) [error: source-year-mismatch]"),
])
def test_consistency_and_answer_key_findings_name_both_places(flawed: list[Finding], expected: str) -> None:
    assert expected in [f.render(FLAWED) for f in flawed]


def test_blank_neighbours_stop_at_sentence_punctuation() -> None:
    assert blank_neighbours('Crime moved "from the street to the ____". Then it grew.') == [("the", "before")]
    assert blank_neighbours("Estonia has web ____ and *online* ____ officers.") == [
        ("web", "before"), ("and", "after"), ("online", "before"), ("officers", "after")]
    assert blank_neighbours("No blank here.") == []


@pytest.mark.parametrize(("stem", "answer", "repeated"), [
    ("collaboration and crime ____.", "crime prevention", ("crime", "before")),
    ("collaboration and crime ____.", "CRIME prevention", ("crime", "before")),
    ("collaboration and crime ____.", "prevention of crime", ("crime", "before")),
    ("collaboration and crime ____.", "prevention", None),
    ("from the street to the ____.", "the data", ("the", "before")),
    ("from the street to the ____.", "data", None),
    ("Estonia calls them web ____ officers.", "web constables", ("web", "before")),
    ("Estonia calls them ____ constables.", "web constables", ("constables", "after")),
    ("both a necessity and an ____ for officers.", "opportunity", None),
    ("the first task is to ____ to people.", "listen to what they say", None),  # "to" inside: a stop word
    ("the first task is to ____ to people.", "listen to", ("to", "after")),  # ... that doubles at the end
    ("a head ____ of state", "of", ("of", "after")),
])
def test_fill_in_answer_repeating_the_stem(stem: str, answer: str, repeated: tuple[str, str] | None) -> None:
    assert repeated_stem_word(stem, answer) == repeated


def test_mixed_scoring_on_a_tie_keeps_the_first_rule_and_points_at_an_unwritten_default(tmp_path: Path) -> None:
    root = tmp_path / "course"
    shutil.copytree(CLEAN, root)
    second = root / "modules" / "02-second" / "module.yaml"
    second.write_text(second.read_text().replace("final_questions:\n", """    - id: m2-q-default
      assesses: [m2-compare]
      multiple: Which of these can a resident report online?
      choices:
        - { text: A scam message, correct: true }
        - { text: A threat, correct: true }
        - { text: Nothing at all }
    - id: m2-q-strict
      assesses: [m2-compare]
      multiple: Which of these show who runs an official account?
      scoring: all-or-nothing
      choices:
        - { text: The officer's name and role, correct: true }
        - { text: The station it belongs to, correct: true }
        - { text: A cartoon avatar }
final_questions:
"""))
    rendered = [f.render(root) for f in lint_course(load_course(root))]
    assert rendered == [
        ("modules/02-second/module.yaml:40:7: quiz.questions[4].multiple: multiple-response question "
        "'m2-q-default' is scored all-or-nothing, but 2 of the course's 4 multiple-response questions are "
        "scored partial (write scoring: partial; one rule for the whole course, so learners know what a "
        "half-right answer earns) [warning: mixed-scoring]"),
        ("modules/02-second/module.yaml:48:7: quiz.questions[5].scoring: multiple-response question "
        "'m2-q-strict' is scored all-or-nothing, but 2 of the course's 4 multiple-response questions are "
        "scored partial (write scoring: partial; one rule for the whole course, so learners know what a "
        "half-right answer earns) [warning: mixed-scoring]"),
    ]


@pytest.mark.parametrize(("alt", "src", "bad"), [
    ("image", "media/a.svg", True),
    ("Photo 3", "media/a.svg", True),
    ("  ...  ", "media/a.svg", True),
    ("ok", "media/a.svg", True),
    ("community-map.svg", "media/community-map.svg", True),
    ("community-map", "media/community-map.svg", True),
    ("DSC_0042.JPG", "media/a.jpg", True),
    ("Screenshot 2024-05-01 at 10.00.00", "media/a.png", True),
    ("A map of the community with two police stations", "media/community-map.svg", False),
    ("Map", "media/a.svg", False),
    ("Image 1 shows the referral route from the officer to the youth service", "media/a.svg", False),
    ("Logo of the Example Police Academy", "media/logo.svg", False),
])
def test_alt_text(alt: str, src: str, bad: bool) -> None:
    assert (alt_problem(alt, src) is not None) == bad


TARGETS = frozenset({"index.html", "01-a/index.html", "01-a/lesson.html", "01-a/media/x.svg", "02-b/quiz.html"})


@pytest.mark.parametrize(("href", "rule"), [
    ("https://example.org/a?b=c#d", None),
    ("mailto:someone@example.org", None),
    ("tel:+3212345", None),
    ("#section", None),
    ("lesson.html", None),
    ("lesson.html#part-2", None),
    ("media/x.svg", None),
    ("./media/x.svg", None),
    ("../index.html", None),
    ("../02-b/quiz.html", None),
    ("HTTP://example.org", "link-insecure"),
    ("javascript:alert(1)", "link-scheme"),
    ("JavaScript:alert(1)", "link-scheme"),
    ("data:text/html,x", "link-scheme"),
    ("ftp://example.org/file", "link-scheme"),
    ("//example.org", "link-scheme"),
    ("file:///etc/passwd", "link-outside"),
    ("C:%5Cfiles%5Cx.pdf", "link-outside"),
    ("..%2F..%2Fsecret", "link-outside"),
    ("/etc/passwd", "link-outside"),
    ("../../outside.html", "link-outside"),
    ("media/missing.svg", "link-target"),
    ("other.html", "link-target"),
    ("../03-c/index.html", "link-target"),
])
def test_judge_link(href: str, rule: str | None) -> None:
    judged = judge_link(href, "01-a", TARGETS)
    assert (judged[0] if judged else None) == rule


def test_sentences_split_at_sentence_ends_only() -> None:
    text = "Use plain words, e.g. short ones. It costs 3.5 euros! Why? \"Because\" it works."
    assert sentences(text) == ["Use plain words, e.g. short ones.", "It costs 3.5 euros!", "Why?",
                               "\"Because\" it works."]
    assert words("P/CVE isn't a well-known word") == 6  # P, CVE, isn't, a, well-known, word


@pytest.mark.parametrize(("text", "count"), [
    ("Er sagte: „Nein.“ Dann ging er.", 2),  # German quotation marks close a sentence
    ("Sie fragt. „Warum?“ Niemand antwortet.", 3),  # and open one
    ("Il a dit\u00a0: «\u00a0Non.\u00a0» Puis il est parti.", 2),  # French guillemets with no-break spaces
    ("Il attend. «\u00a0Pourquoi\u00a0?\u00a0» Personne ne répond.", 3),
    ("Hij ging. \u2019s Avonds kwam hij terug.", 2),  # Dutch 's starts a sentence in lower case
])
def test_sentences_end_at_other_languages_quotation_marks(text: str, count: int) -> None:
    assert len(sentences(text)) == count


def test_chunks_know_their_line_and_skip_markup() -> None:
    found = chunks("First **bold** [link](https://x.org).\n\n- item one\n- item two\n\n| a | b |\n|---|---|\n| c | d |\n")
    assert [(c.text, c.line) for c in found] == [
        ("First bold link.", 0), ("item one", 2), ("item two", 3), ("a", 5), ("b", 5), ("c", 7), ("d", 7)]


# ---------------------------------------------------------------- the command


def test_lint_clean_course_passes_strict() -> None:
    assert run("--root", str(CLEAN), "lint", "--strict") == (0, "ok: no findings\n", "")


def test_errors_fail_even_without_strict() -> None:
    code, out, err = run("--root", str(FLAWED), "lint")
    assert code == 1
    assert "modules/01-flawed/module.yaml:20:9: lessons[0].blocks[2].text: link 'javascript:alert(1)'" in out
    assert "[error: link-scheme]" in out and "[warning: image-alt]" in out
    assert err.startswith("22 error(s), 49 warning(s)")


def test_warnings_fail_only_under_strict(tmp_path: Path) -> None:
    root = tmp_path / "course"
    shutil.copytree(CLEAN, root)
    (root / "modules" / "01-clean" / "media" / "unused.svg").write_text("<svg/>")
    code, out, _ = run("--root", str(root), "lint")
    assert code == 0
    assert "modules/01-clean/media/unused.svg: media/unused.svg is not used" in out
    assert out.endswith("ok: 0 error(s), 1 warning(s)\n")
    code, out, err = run("--root", str(root), "lint", "--strict")
    assert code == 1 and "[warning: media-unused]" in out
    assert "0 error(s), 1 warning(s); warnings fail under --strict" in err


@pytest.mark.parametrize(("settings", "broken"), [
    ("", True), ("sco: per-course\n", False), ("outputs: [web]\n", False)])
def test_the_home_page_is_a_target_unless_scorm_packages_leave_it_out(
        tmp_path: Path, settings: str, broken: bool) -> None:
    root = tmp_path / "course"
    shutil.copytree(CLEAN, root)
    (root / "course" / "course.yaml").write_text((root / "course" / "course.yaml").read_text() + settings)
    module = root / "modules" / "02-second" / "module.yaml"
    module.write_text(module.read_text().replace("](../01-clean/m1-links.html)", "](../index.html)"))
    rules = [f.rule for f in lint_course(load_course(root))]
    assert rules == (["link-target"] if broken else [])


def test_quiet_prints_errors_only() -> None:
    code, out, _ = run("--root", str(FLAWED), "--quiet", "lint")
    assert code == 1 and "[error: link-scheme]" in out and "[warning:" not in out


def test_source_errors_stop_lint_without_traceback(tmp_path: Path) -> None:
    root = tmp_path / "course"
    shutil.copytree(CLEAN, root)
    module = root / "modules" / "01-clean" / "module.yaml"
    module.write_text(module.read_text().replace("summary:", "sumary:"))
    code, out, err = run("--root", str(root), "lint")
    assert code == 1
    assert "modules/01-clean/module.yaml:4:1: sumary: unknown key (did you mean 'summary'?)" in err
    assert "Traceback" not in out + err


def test_rules_are_listed() -> None:
    code, out, _ = run("lint", "--rules")
    assert code == 0 and [line.split()[0] for line in out.splitlines()] == list(RULES)


def test_real_course_passes_lint_strict() -> None:
    findings = lint_course(load_course(REPO, refuse_final=False))
    assert [f.render(REPO) for f in findings] == []
    code, out, err = run("--root", str(REPO), "lint", "--strict")
    assert code == 0, out + err

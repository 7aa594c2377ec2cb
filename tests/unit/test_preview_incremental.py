"""Incremental rebuilds: only what an edit touches is rendered again, and the result equals a full build."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dcp_course.build import produce
from dcp_course.plan.site import plan_site
from dcp_course.preview.incremental import IncrementalBuilder
from dcp_course.render.pages import TEMPLATES_DIR, render_site, static_assets
from dcp_course.source.errors import BuildError
from dcp_course.source.load import load_course
from dcp_course.targets.scorm import scorm_target

BASICS = Path("modules") / "01-basics" / "module.yaml"
QUESTIONS = Path("modules") / "02-questions" / "module.yaml"
BASICS_PAGES = {"01-basics/index.html", "01-basics/all-blocks.html", "01-basics/second-lesson.html",
                "01-basics/quiz.html"}


def edit(root: Path, relative: Path, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def full_web(root: Path) -> dict[str, bytes]:
    web = produce(load_course(root), ["web"])["web"]
    assert isinstance(web, dict)
    return web


def changed_pages(before: dict[str, bytes], after: dict[str, bytes]) -> set[str]:
    return {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}


@pytest.fixture()
def builder(course_copy: Path) -> IncrementalBuilder:
    built = IncrementalBuilder(course_copy)
    report = built.rebuild()
    assert report.ok and report.full and report.rendered == report.pages == 9
    return built


def test_first_rebuild_equals_a_full_build(builder: IncrementalBuilder, course_copy: Path) -> None:
    assert builder.snapshot.files["web"] == full_web(course_copy)
    assert builder.snapshot.version == 1


def test_an_unchanged_course_renders_nothing(builder: IncrementalBuilder) -> None:
    report = builder.rebuild()
    assert (report.ok, report.rendered, report.full, report.changed) == (True, 0, False, ())
    assert report.version == builder.snapshot.version == 1  # open pages have no reason to reload


def test_a_comment_re_reads_the_file_but_renders_nothing(builder: IncrementalBuilder, course_copy: Path) -> None:
    (course_copy / BASICS).write_text((course_copy / BASICS).read_text() + "\n# a note\n")
    report = builder.rebuild()
    assert report.changed == ("modules/01-basics/module.yaml",)
    assert report.rendered == 0


def test_lesson_text_renders_its_module_home_and_nothing_else(builder: IncrementalBuilder, course_copy: Path) -> None:
    before = dict(builder.snapshot.files["web"])
    edit(course_copy, BASICS, "A short second lesson.", "A short second lesson, now longer.")
    report = builder.rebuild()
    assert report.ok and not report.full
    assert report.rendered == len(BASICS_PAGES) + 1  # the module's pages and the home page
    after = builder.snapshot.files["web"]
    assert after == full_web(course_copy)
    assert changed_pages(before, after) == {"01-basics/second-lesson.html"}
    assert b"now longer" in after["01-basics/second-lesson.html"]


def test_a_quiz_edit_stays_inside_its_module(builder: IncrementalBuilder, course_copy: Path) -> None:
    edit(course_copy, QUESTIONS, "Pick the second.", "Pick the second one.")
    report = builder.rebuild()
    assert report.rendered == 4  # the questions module's overview, lesson and quiz, and the home page
    assert builder.snapshot.files["web"] == full_web(course_copy)


@pytest.mark.parametrize(("relative", "old", "new"), [
    (BASICS, "title: Second lesson", "title: The second lesson"),  # other pages link to it by title
    (BASICS, "  - id: second-lesson", ("  - id: a-third-lesson\n    title: Third\n    blocks:\n"
                                        "      - text: More.\n  - id: second-lesson")),
    (Path("course") / "course.yaml", "mastery_score: 75", "mastery_score: 70"),
    (BASICS, "- glossary: { term: DCP,", "- glossary: { term: DCPX,"),
])
def test_outline_changes_render_everything(builder: IncrementalBuilder, course_copy: Path,
                                           relative: Path, old: str, new: str) -> None:
    edit(course_copy, relative, old, new)
    report = builder.rebuild()
    assert report.ok and report.full and report.rendered == report.pages
    assert builder.snapshot.files["web"] == full_web(course_copy)


def test_a_changed_picture_is_served_and_its_pages_rendered(builder: IncrementalBuilder, course_copy: Path) -> None:
    picture = course_copy / "modules" / "01-basics" / "media" / "diagram.svg"
    picture.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')
    report = builder.rebuild()
    assert report.changed == ("modules/01-basics/media/diagram.svg",)
    assert report.rendered == len(BASICS_PAGES) + 1
    assert builder.snapshot.files["web"]["01-basics/media/diagram.svg"] == picture.read_bytes()


def test_a_broken_edit_keeps_the_last_good_files_and_recovers(builder: IncrementalBuilder, course_copy: Path) -> None:
    good = builder.snapshot.files
    edit(course_copy, BASICS, "summary:", "sumary:")
    report = builder.rebuild()
    assert not report.ok and report.version == 2
    assert [p.render() for p in report.problems] == [
        "modules/01-basics/module.yaml:3:1: sumary: unknown key (did you mean 'summary'?)"]
    snapshot = builder.snapshot
    assert snapshot.files is good and snapshot.problems == report.problems and not snapshot.ok
    edit(course_copy, BASICS, "sumary:", "summary:")
    report = builder.rebuild()
    assert report.ok and report.version == 3 and builder.snapshot.ok
    assert report.rendered == 0  # the module reads as it did before the mistake
    assert builder.snapshot.files["web"] == full_web(course_copy)


def test_yaml_syntax_errors_are_located(builder: IncrementalBuilder, course_copy: Path) -> None:
    edit(course_copy, QUESTIONS, "minutes: 15", "minutes: [15")
    problem = builder.rebuild().problems[0]
    assert (problem.path, problem.line) == ("modules/02-questions/module.yaml", 5)
    assert problem.message.startswith("YAML syntax")


def test_scorm_and_review_variants(course_copy: Path) -> None:
    built = IncrementalBuilder(course_copy, ["web"])
    built.rebuild()
    assert built.activate("scorm12") and built.activate("review")
    assert built.snapshot.version == 1  # nothing new for pages already open
    site = plan_site(load_course(course_copy))
    assert built.snapshot.files["scorm12"] == render_site(site, scorm_target("scorm12"), static_assets())
    review = built.snapshot.files["review"]
    assert b'data-answer-key="q-fill"' in review["02-questions/quiz.html"]
    assert b'data-answer-key="all-blocks-check-1"' in review["01-basics/all-blocks.html"]
    assert b"data-answer-key" not in built.snapshot.files["web"]["02-questions/quiz.html"]
    assert "assets/review/review.css" in review
    assert b"<td>Module quiz</td><td>2 questions</td>" in review["01-basics/index.html"]
    edit(course_copy, BASICS, "A short second lesson.", "Shorter.")
    report = built.rebuild()
    assert report.rendered == 3 * len(BASICS_PAGES) + 2  # a SCORM package per module has no home page
    assert b"Shorter." in built.snapshot.files["review"]["01-basics/second-lesson.html"]


def test_unknown_variant_is_refused(course_copy: Path) -> None:
    with pytest.raises(BuildError, match="unknown preview variant"):
        IncrementalBuilder(course_copy, ["pdf"])


@pytest.fixture()
def templates(tmp_path: Path) -> Path:
    copy = tmp_path / "templates"
    shutil.copytree(TEMPLATES_DIR, copy)
    return copy


def test_a_template_edit_renders_everything(course_copy: Path, templates: Path) -> None:
    built = IncrementalBuilder(course_copy, templates_dir=templates)
    built.rebuild()
    base = templates / "base.html"
    base.write_text(base.read_text().replace("</body>", "<p>an edited template</p></body>"))
    report = built.rebuild()
    assert report.full and report.rendered == report.pages
    assert report.changed == ("templates/base.html",)
    assert all(b"<p>an edited template</p>" in built.snapshot.files["web"][p] for p in BASICS_PAGES)


def test_a_template_error_names_the_template_and_line(course_copy: Path, templates: Path) -> None:
    built = IncrementalBuilder(course_copy, templates_dir=templates)
    built.rebuild()
    lesson = templates / "lesson.html"
    lesson.write_text(lesson.read_text().replace("{% endfor %}", "{% endfr %}", 1))
    problem = built.rebuild().problems[0]
    assert problem.path == "templates/lesson.html" and problem.line > 0
    assert "endfr" in problem.message
    lesson.write_text(lesson.read_text().replace("{% endfr %}", "{% endfor %}"))
    module = templates / "module.html"
    lines = module.read_text().splitlines()
    block = next(i for i, line in enumerate(lines) if "{% block main %}" in line)
    lines.insert(block + 1, "{{ module.summry }}")
    module.write_text("\n".join(lines) + "\n")
    problem = built.rebuild().problems[0]
    assert problem.path == "templates/module.html" and problem.line == block + 2
    assert "summry" in problem.message


def test_the_preview_templates_do_not_make_pages_stale(course_copy: Path, templates: Path) -> None:
    built = IncrementalBuilder(course_copy, templates_dir=templates)
    built.rebuild()
    (templates / "preview" / "lms.css").write_text("/* edited */")
    assert built.rebuild().rendered == 0

"""The termbase: loading and its checks, finding terms in English and in translations, the lint
rules term-uncovered, term-missing and term-forbidden, and the TBX export."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO, TESTS, copy_course, edit_source
from lxml import etree

from dcp_course.cli import main
from dcp_course.lint import lint_course
from dcp_course.source.errors import SourceErrors
from dcp_course.source.load import load_course
from dcp_course.source.terminology import TermTranslation
from dcp_course.terminology.matching import (
    english_occurrences,
    form_pattern,
    has_approved,
    kept_removed,
)
from dcp_course.terminology.tbx import tbx_document
from dcp_course.translate.fill import fill_export

CLEAN = TESTS / "fixtures" / "lint" / "clean"
TERMS = TESTS / "fixtures" / "terms"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
GLOSSARY = "course/glossary.yaml"
STEM = "modules/02-second/module.yaml#quiz/questions/m2-q-listen/fill/0"


def run(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--root", str(root), *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture()
def termed(tmp_path: Path) -> Path:
    """The clean lint fixture with a glossary, a termbase and German listed, nothing translated."""
    root = copy_course(CLEAN, tmp_path)
    shutil.copy(TERMS / "glossary.yaml", root / "course" / "glossary.yaml")
    shutil.copy(TERMS / "terminology.yaml", root / "course" / "terminology.yaml")
    edit_source(root, "course/course.yaml", "language: en\n", "language: en\nlanguages: [en, de]\n")
    return root


def translate(root: Path, targets: dict[str, str]) -> None:
    """Export German, give the named units their text and every other unit "» " + its English
    (which keeps the English whole, as a title kept in its language does), import."""
    out = root / "de.xlf"
    assert run(root, "translate", "export", "--lang", "de", "--out", str(out))[0] == 0
    out.write_bytes(fill_export(out.read_bytes(), lambda unit: targets.get(unit.id, f"» {unit.source}")))
    code, output, _ = run(root, "translate", "import", str(out))
    assert code == 0, output


def term_lines(root: Path) -> list[str]:
    return [f.render(root) for f in lint_course(load_course(root)) if f.rule.startswith("term-")]


# ---------------------------------------------------------------- loading


def test_the_shipped_termbase_loads_and_covers_every_glossary_term() -> None:
    source = load_course(REPO)
    assert source.terminology is not None and source.glossary is not None
    assert {item.term for item in source.glossary.terms} <= source.terminology.glossary_terms()
    for entry in source.terminology.terms:  # a translators' addition may lack a language's decision
        assert set(entry.languages) == {"de", "fr", "nl"} or entry.glossary is None, entry.id


def test_a_glossary_link_to_no_term_and_a_repeated_id_are_refused_where_they_stand(termed: Path) -> None:
    edit_source(termed, "course/terminology.yaml", "glossary: Removal order", "glossary: Removal orders")
    edit_source(termed, "course/terminology.yaml", "id: 2fa", "id: removal-order")
    with pytest.raises(SourceErrors) as raised:
        load_course(termed)
    assert [error.render(termed) for error in raised.value.errors] == [
        "course/terminology.yaml:17:5: terms[1].glossary: 'Removal orders' is not a term of the glossary "
        "(write the term exactly as course/glossary.yaml has it)",
        "course/terminology.yaml:20:5: terms[2].id: id 'removal-order' is used by another entry "
        "(give every termbase entry its own id)",
    ]


def test_an_unknown_field_is_refused_with_its_line(termed: Path) -> None:
    edit_source(termed, "course/terminology.yaml", "category: other", "category: gadget")
    with pytest.raises(SourceErrors) as raised:
        load_course(termed)
    assert [error.render(termed) for error in raised.value.errors] == [
        "course/terminology.yaml:23:5: terms[2].category: input should be 'key-concept', 'institution', "
        "'instrument' or 'other' (expected one of 'key-concept', 'institution', 'instrument' or 'other')"]


# ---------------------------------------------------------------- matching


def test_english_terms_match_as_words_with_a_plural_and_acronyms_only_in_capitals() -> None:
    terminology = load_course(REPO).terminology
    assert terminology is not None

    def found(text: str) -> list[tuple[str, str]]:
        return [(o.entry.id, o.text) for o in english_occurrences(terminology, text)]

    assert found("Two community officers ran the RAN meeting.") == [
        ("community-officer", "community officers"), ("ran", "RAN")]
    assert found("Digital community policing builds on community policing.") == [
        ("digital-community-policing", "Digital community policing"), ("community-policing", "community policing")]
    assert found("A counter-narratives workshop; uncounted; preserve, assess and report.") == [
        ("counter-narrative", "counter-narratives"), ("preserve-assess-report", "preserve, assess and report")]


def test_approved_forms_match_with_their_languages_endings_and_compounds() -> None:
    violent = TermTranslation(term="gewalttätiger Extremismus")
    assert has_approved(violent, "de", "gegen gewalttätigen Extremismus")
    assert has_approved(violent, "de-AT", "Gewalttätiger Extremismus ist")
    assert not has_approved(violent, "de", "gewaltbereiter Extremismus")
    assert has_approved(TermTranslation(term="Radikalisierung"), "de", "der Radikalisierungsprozess")
    assert has_approved(TermTranslation(term="exitprogramma"), "nl", "de exitprogramma's")
    assert has_approved(TermTranslation(term="service d'hébergement"), "fr", "les services d\u2019hébergement")
    assert not has_approved(TermTranslation(term="compte"), "fr", "un décompte")
    assert form_pattern("directive « police-justice »", "fr").search("la directive «\u00a0police-justice\u00a0»")


def test_italic_and_quoted_titles_are_left_out_of_the_english() -> None:
    assert kept_removed('See *Community policing today* and "community policing" here.') == (
        "See " + " " * 26 + " and " + " " * 20 + " here.")


# ---------------------------------------------------------------- lint


def test_term_rules_have_their_exact_messages(termed: Path) -> None:
    translate(termed, {
        f"{GLOSSARY}#terms/0/term": "Kontaktbeamter",
        f"{GLOSSARY}#terms/0/definition/0": "Eine Beamtin oder ein Beamter, die mit einer Gemeinschaft arbeitet.",
        f"{GLOSSARY}#terms/1/term": "Löschanordnung",
        STEM: "Die erste Aufgabe von Kontaktbeamtinnen online ist es, den Menschen ____.",
    })
    assert term_lines(termed) == [
        "course/glossary.yaml:5:5: terms[0].definition: de translation of course/glossary.yaml#terms/0/definition/0: "
        "'community officer' (termbase community-officer) is not translated with the approved term: expected "
        "'Kontaktbeamtin / Kontaktbeamter' or a listed form ('Kontaktbeamtin', 'Kontaktbeamter') (use the "
        "approved de term of course/terminology.yaml; if this form is right, add it to the entry's de forms) "
        "[warning: term-missing]",
        "course/glossary.yaml:6:5: terms[1].term: de translation of course/glossary.yaml#terms/1/term: uses "
        "'Löschanordnung', which the termbase forbids for 'removal order' (termbase removal-order): write "
        "'Entfernungsanordnung' (course/terminology.yaml lists 'Löschanordnung' as forbidden in de) "
        "[warning: term-forbidden]",
        "course/glossary.yaml:6:5: terms[1].term: de translation of course/glossary.yaml#terms/1/term: "
        "'Removal order' (termbase removal-order) is not translated with the approved term: expected "
        "'Entfernungsanordnung' (use the approved de term of course/terminology.yaml; if this form is right, "
        "add it to the entry's de forms) [warning: term-missing]",
        "course/glossary.yaml:8:5: terms[2].term: glossary term 'Web constable' has no termbase entry (add an "
        "entry with glossary: Web constable to course/terminology.yaml, with its approved translations) "
        "[warning: term-uncovered]",
    ]


def test_approved_terms_pass_and_the_rules_count_under_strict(termed: Path) -> None:
    translate(termed, {
        f"{GLOSSARY}#terms/0/term": "Kontaktbeamter",
        f"{GLOSSARY}#terms/0/definition/0": "Eine Kontaktbeamtin arbeitet mit einer Gemeinschaft.",
        f"{GLOSSARY}#terms/1/term": "Entfernungsanordnung",
        STEM: "Die erste Aufgabe von Kontaktbeamtinnen und -beamten online ist es, den Menschen ____.",
    })
    assert [line.rsplit("[", 1)[1] for line in term_lines(termed)] == ["warning: term-uncovered]"]
    assert run(termed, "lint", "--strict")[0] == 1
    edit_source(termed, "course/terminology.yaml", "  - id: 2fa", (
        "  - id: web-constable\n    term: web constable\n    category: key-concept\n"
        "    glossary: Web constable\n  - id: 2fa"))
    assert term_lines(termed) == []


def test_kept_titles_names_and_aliases_are_not_held_to_the_termbase(termed: Path) -> None:
    edit_source(termed, "course/glossary.yaml", "aliases: [community officers]",
                "aliases: [community officers, community officer team]")
    edit_source(termed, "modules/02-second/module.yaml", "title: A good source", "title: Community officer handbook")
    edit_source(termed, "modules/01-clean/module.yaml", "single: Where does a community officer post news",
                "single: Where does the Community Officer Network post news")
    translate(termed, {
        # a title kept in English, with a note of its language
        "modules/02-second/module.yaml#sources/0/title": "Community officer handbook (englisch)",
        # an alias is a spelling a German text may use, not a translation
        f"{GLOSSARY}#terms/0/aliases/1": "Team vor Ort",
        # a name keeps the English words as written
        "modules/01-clean/module.yaml#quiz/questions/m1-q-explain/single/0":
            "Wo veröffentlicht das Community Officer Network Neuigkeiten für Anwohnende?",
        # lower case: the words of a term, not of a name
        STEM: "Die erste Aufgabe eines Community Officer online ist es, den Menschen ____.",
    })
    assert [line.split(":", 1)[0] + " " + line.rsplit("[", 1)[1] for line in term_lines(termed)] == [
        "course/glossary.yaml warning: term-uncovered]", "modules/02-second/module.yaml warning: term-missing]"]


def test_a_course_without_a_termbase_has_no_term_findings() -> None:
    assert not [f for f in lint_course(load_course(CLEAN)) if f.rule.startswith("term-")]


# ---------------------------------------------------------------- TBX


def test_tbx_export_is_tbx_basic_with_statuses_definitions_and_notes(termed: Path) -> None:
    out = termed / "terms.tbx"
    code, output, _ = run(termed, "translate", "export", "--tbx", "--out", str(out))
    assert (code, output) == (0, f"wrote {out} (3 concepts; languages: en, de)\n")
    data = out.read_bytes()
    assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n<martif type=\"TBX-Basic\" xml:lang=\"en\">")
    assert data == tbx_document(load_course(termed))  # deterministic
    root = etree.fromstring(data)
    # what TBX-Basic requires, checked here because no schema for it ships in a PyPI or npm package
    assert [child.tag for child in root] == ["martifHeader", "text"]
    assert root.findtext("martifHeader/fileDesc/titleStmt/title") == "A clean course: termbase"
    assert root.find("martifHeader/encodingDesc/p").get("type") == "XCSURI"
    entries = root.findall("text/body/termEntry")
    assert [entry.get("id") for entry in entries] == ["community-officer", "removal-order", "t-2fa"]
    for entry in entries:
        for lang_set in entry.findall("langSet"):
            assert lang_set.get(XML_LANG) in {"en", "de"}
            tigs = lang_set.findall("tig")
            assert tigs and all(tig[0].tag == "term" for tig in tigs)
            assert tigs[0].findtext("termNote[@type='administrativeStatus']") == "preferredTerm-admn-sts"
    officer, removal, _ = entries
    assert [note.text for note in officer.findall("note")] == [
        "category: key concept", "The officer who keeps the police's presence in a community."]
    english, german = officer.findall("langSet")
    assert english.findtext("descrip[@type='definition']") == (
        "An officer who works with one community. A community officer knows residents by name.")
    assert german.findtext("note") == "Paired forms."
    assert [(tig.findtext("term"), tig.findtext("termNote[@type='partOfSpeech']"),
             tig.findtext("termNote[@type='administrativeStatus']")) for tig in german.findall("tig")] == [
        ("Kontaktbeamtin / Kontaktbeamter", "noun", "preferredTerm-admn-sts"),
        ("Kontaktbeamtin", "noun", "admittedTerm-admn-sts"),
        ("Kontaktbeamter", "noun", "admittedTerm-admn-sts")]
    assert [(tig.findtext("term"), tig.findtext("termNote[@type='administrativeStatus']"))
            for tig in removal.findall("langSet")[1].findall("tig")] == [
        ("Entfernungsanordnung", "preferredTerm-admn-sts"), ("Löschanordnung", "deprecatedTerm-admn-sts")]


def test_translate_toolkit_reads_the_shipped_termbase_as_tbx() -> None:
    tbx = pytest.importorskip("translate.storage.tbx")
    source = load_course(REPO)
    assert source.terminology is not None
    store = tbx.tbxfile.parsestring(tbx_document(source))
    assert [unit.source for unit in store.units] == [entry.term for entry in source.terminology.terms]
    for unit, entry in zip(store.units, source.terminology.terms, strict=True):
        if "fr" in entry.languages:
            assert unit.gettarget("fr") == entry.languages["fr"].term


def test_tbx_export_without_a_termbase_says_what_is_missing() -> None:
    code, _, err = run(CLEAN, "translate", "export", "--tbx", "--out", "/dev/null")
    assert code == 1
    assert "no termbase to export: course/terminology.yaml does not exist" in err


def test_export_needs_a_language_or_tbx() -> None:
    code, _, err = run(CLEAN, "translate", "export")
    assert code == 1 and "say which language to export with --lang LANG, or export the termbase with --tbx" in err


# ---------------------------------------------------------------- review pack


def test_the_review_pack_shows_a_captioned_table_of_terms_per_language(termed: Path) -> None:
    from lxml import html as lxml_html

    from dcp_course.preview.review import render_review_pack

    page = lxml_html.fromstring(render_review_pack(load_course(termed)))
    (table,) = page.xpath("//section[@id='terminology']//table")
    assert table.get("lang") == "de"
    assert table.findtext("caption") == "Approved terms in de (3)"
    assert [th.text for th in table.xpath("thead/tr/th[@scope='col']")] == [
        "Source term (en)", "Approved term and its forms", "Forbidden", "Note"]
    rows = [[cell.text_content().strip() for cell in row] for row in table.xpath("tbody/tr")]
    assert rows == [
        ["community officer", "Kontaktbeamtin / KontaktbeamterKontaktbeamtin, Kontaktbeamter", "", "Paired forms."],
        ["removal order", "Entfernungsanordnung", "Löschanordnung", ""],
        ["two-factor authentication (2FA)", "Zwei-Faktor-Authentifizierung2FA", "", ""],
    ]
    assert all(row.xpath("th[@scope='row']") for row in table.xpath("tbody/tr"))
    assert page.xpath("//nav//a[@href='#terminology']")[0].text == "Terminology"


def test_a_pack_without_a_termbase_has_no_terminology_section() -> None:
    from dcp_course.preview.review import render_review_pack

    assert 'id="terminology"' not in render_review_pack(load_course(CLEAN))


def test_a_forbidden_variant_inside_an_approved_term_is_not_reported(termed: Path) -> None:
    edit_source(termed, "course/terminology.yaml", "forms: [2FA] }", "forms: [2FA], forbidden: [Authentifizierung] }")
    translate(termed, {
        f"{GLOSSARY}#terms/1/definition/0": "Mit Zwei-Faktor-Authentifizierung: eine Anordnung, Inhalte zu entfernen.",
        f"{GLOSSARY}#terms/2/definition/0": "Eine Authentifizierung der Polizei in Estland.",
    })
    assert [line.split(": ", 1)[0] + " " + line.rsplit("[", 1)[1] for line in term_lines(termed)
            if "term-forbidden" in line] == ["course/glossary.yaml:9:5 warning: term-forbidden]"]


def test_a_stale_translation_is_not_held_to_the_terms_of_its_changed_english(termed: Path) -> None:
    translate(termed, {STEM: "Die erste Aufgabe von Gemeindebeamten online ist es, den Menschen ____."})
    assert [line.rsplit("[", 1)[1] for line in term_lines(termed) if STEM in line] == ["warning: term-missing]"]
    edit_source(termed, "modules/02-second/module.yaml", "first task online", "first job online")
    findings = lint_course(load_course(termed))
    assert {f.rule for f in findings if STEM in f.message} == {"translation-stale"}

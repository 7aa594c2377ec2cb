"""Sentences for <seg-source>: language rules keep abbreviations whole; no segment cuts a tag pair."""

from __future__ import annotations

from conftest import REPO

from dcp_course.source.load import load_course
from dcp_course.translate.content import Close, Open, Placeholder, joined
from dcp_course.translate.segments import segmented
from dcp_course.translate.units import course_units


def texts(segments: tuple) -> list[str]:  # type: ignore[type-arg]
    return ["".join(p for p in segment if isinstance(p, str)) for segment in segments]


def test_abbreviations_and_numbered_references_stay_in_their_sentence() -> None:
    english = ("Use e.g. a checklist. See Art. 5 GDPR for the rules. Call No. 3 first.",)
    assert texts(segmented(english, "en")) == [
        "Use e.g. a checklist. ", "See Art. 5 GDPR for the rules. ", "Call No. 3 first."]
    german = ("Siehe Art. 5 DSGVO, z. B. die Regeln. Nr. 3 zuerst.",)
    assert texts(segmented(german, "de")) == ["Siehe Art. 5 DSGVO, z. B. die Regeln. ", "Nr. 3 zuerst."]
    assert segmented(("One sentence only.",), "en") == (("One sentence only.",),)


def test_a_pair_spanning_two_sentences_keeps_them_together_and_nothing_is_lost() -> None:
    content = ("First. ", Open("1", "bold"), "Second. Third", Close("1"), " goes on. Then ",
               Placeholder("2", "x-code", "`x`"), " runs.")
    segments = segmented(content, "en")
    assert joined(piece for segment in segments for piece in segment) == content
    assert segments == (("First. ",), (Open("1", "bold"), "Second. Third", Close("1"), " goes on. "),
                        ("Then ", Placeholder("2", "x-code", "`x`"), " runs."))


def test_every_unit_of_the_real_course_is_exactly_the_sum_of_its_segments() -> None:
    units = course_units(load_course(REPO))
    several = 0
    for unit in units:
        segments = segmented(unit.content, "en")
        assert joined(piece for segment in segments for piece in segment) == unit.content, unit.id
        several += len(segments) > 1
    assert several > len(units) // 10  # the course is prose: many units hold several sentences

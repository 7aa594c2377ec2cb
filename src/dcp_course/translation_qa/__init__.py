"""Translation QA: the checks translation agencies run before delivery (as Xbench and Verifika
do), on each translated unit against its source. Pure functions over unit content; `lint`
(`lint/translation_qa.py`) runs them for every language the course lists and places each
problem at the source string.

- `numbers`: numbers, dates, article numbers, URLs and e-mail addresses carried over
- `unit_checks`: inline tags, text left untranslated, length against the source, doubled
  spaces and words
- `consistency`: the same source translated differently in two places
"""

from .problem import QaProblem

__all__ = ["QaProblem"]

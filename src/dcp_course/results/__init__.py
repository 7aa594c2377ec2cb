"""Item analysis from real LMS results: which quiz questions work, flagged at their source lines.

`files` reads a results file safely, `moodle` and `xapi` turn Moodle's Interactions report and an
LRS's statements into recorded answers, `kinds` reads each question kind's response patterns,
`scoring` scores them with today's answer keys, `cohort` joins them with today's sources,
`itemstats` holds the formulas, `analysis` and `flags` make the report, and `report_*` write it.
"""

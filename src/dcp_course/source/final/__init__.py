"""The final assessment: its pool (every module's quiz and final-only questions), its blueprint as
rules over that pool, the smallest draw meeting them, and what stops a blueprint from being met.

Part of loading: the build refuses a final that cannot draw as course.yaml asks. The learner's
browser draws each attempt (templates/js/draw.js) from the rules and fallback the plan passes on.
"""

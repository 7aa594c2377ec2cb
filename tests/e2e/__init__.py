"""Browser tests: headless Chromium drives the built course inside scorm-again as the LMS."""

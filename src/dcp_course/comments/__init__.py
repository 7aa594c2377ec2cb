"""Reviewers' comments: anchors rendered into review outputs, the exported file, its resolution to source lines."""

"""Load: read the course's YAML, validate it and cross-check it into a Course."""

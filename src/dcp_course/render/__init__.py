"""Render: Jinja templates and Markdown turn a planned Site into page bytes, without I/O."""

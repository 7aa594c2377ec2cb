"""Tools for authors that write sources: scaffolding and the editor JSON schemas."""

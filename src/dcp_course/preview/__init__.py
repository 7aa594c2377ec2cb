"""The local preview: incremental rebuilds, a server with live reload, an LMS simulator, review mode."""

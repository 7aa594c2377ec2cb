"""Plan: turn a loaded course into a Site (ordered pages, SCOs, quiz plans); pure data."""

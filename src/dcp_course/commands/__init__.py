"""One module per command-line verb; `cli.py` registers them on the `dcp-course` group."""

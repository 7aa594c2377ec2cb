"""`python -m dcp_course`: the same command line as the `dcp-course` script."""

from .cli import main

main()

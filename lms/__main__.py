"""``python -m lms``: the ``lms`` command."""

from lms.cli import main

main()

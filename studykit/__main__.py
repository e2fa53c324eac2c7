"""Run the studykit command line as `python -m studykit`."""

from studykit.cli.app import main

main()

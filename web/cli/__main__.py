"""`python -m web.cli`: the same as the `strategikarta` command."""

from web.cli import main

main()

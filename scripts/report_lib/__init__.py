"""kmodlab's results: read, check, count, merge and render results.json.

The format is documented in docs/results.md; scripts/report is the command.
"""

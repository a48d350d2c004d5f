"""Benchmarks: scripts that print tables, and the generator of large processes they share."""

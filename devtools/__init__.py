"""Developer tools, apart from the run-time package: synthetic data and the benchmark.
`python -m chronicle synth|bench` runs them (chronicle/cli.py hands them over)."""

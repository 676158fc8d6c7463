"""Benchmarks of the course project (issue 9). They print figures and write JSON;
they are not timed tests. Run them from the repository root, e.g.
`python -m benchmarks.training`."""

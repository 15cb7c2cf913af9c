"""Hand-run benchmarks and the deterministic scenario generator they share with the tests."""

"""The scale benchmark: `make bench` (see bench/README.md). Not part of `make test`."""

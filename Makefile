# The README's two commands. Each installs what a fresh machine lacks (m4,
# needed to build GMP/MPFR for the `rug` crate), then builds and runs.

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps certify test bench python-deps python-test

# m4 is needed by the GMP build inside gmp-mpfr-sys; install it when missing.
deps:
	@command -v m4 >/dev/null 2>&1 || { \
	  echo "installing m4 (needed to build GMP/MPFR)"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq m4; }
	@command -v cargo >/dev/null 2>&1 || { echo "cargo not found: install a Rust toolchain (https://rustup.rs)"; exit 2; }

# The main job: certify every proof file in proofs/ (release build), then
# re-check every certificate with the independent verifier (verify/).
certify: deps
	cargo run --release -- certify proofs --json target/certificates.json
	cargo run --release -p ifm-verify -- target/certificates.json

# The whole test suite: unit, property, reference-value and documentation
# tests, then the Python package's suite (python/).
test: deps
	cargo test --workspace --exclude ifm-check-python --all-targets
	cargo test --workspace --exclude ifm-check-python --doc
	$(MAKE) python-test

# The Python package: a virtual environment under target/, the package built
# into it by maturin, its pytest suite. python3 with venv is installed with
# apt-get when missing.
PYTHON ?= python3
PYVENV := target/python-venv

python-deps:
	@command -v $(PYTHON) >/dev/null 2>&1 && $(PYTHON) -c 'import venv, ensurepip' 2>/dev/null || { \
	  echo "installing python3, python3-venv and python3-dev (the Python package's tests)"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq python3 python3-venv python3-dev; }

python-test: deps python-deps
	test -x $(PYVENV)/bin/python || $(PYTHON) -m venv $(PYVENV)
	$(PYVENV)/bin/pip install -q -r python/requirements-test.txt
	cd python && VIRTUAL_ENV=$(CURDIR)/$(PYVENV) $(CURDIR)/$(PYVENV)/bin/maturin develop
	$(PYVENV)/bin/python -m pytest -q python/tests

# Criterion benchmarks (figures in BENCHMARKS.md).
bench: deps
	cargo bench

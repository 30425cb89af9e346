# The README's two commands. Each installs what a fresh machine lacks (m4,
# needed to build GMP/MPFR for the `rug` crate), then builds and runs;
# `make test` also installs the TeX packages its appendix test compiles with.

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps texdeps coqdeps certify test coq fuzz-check bench appendix python-deps python-test

# m4 is needed by the GMP build inside gmp-mpfr-sys; install it when missing.
deps:
	@command -v m4 >/dev/null 2>&1 || { \
	  echo "installing m4 (needed to build GMP/MPFR)"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq m4; }
	@command -v cargo >/dev/null 2>&1 || { echo "cargo not found: install a Rust toolchain (https://rustup.rs)"; exit 2; }

# pdflatex and the LaTeX packages of the appendix (tests/appendix.rs
# compiles it); installed when pdflatex is missing.
TEX_PACKAGES := texlive-latex-base texlive-latex-recommended texlive-pictures
texdeps:
	@command -v pdflatex >/dev/null 2>&1 || { \
	  echo "installing $(TEX_PACKAGES) (the appendix test compiles LaTeX)"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $(TEX_PACKAGES); }

# Coq (Debian's coq: coqc and its standard library of reals), which checks
# the exported theorems; installed when coqc is missing.
# Coquelicot (Debian's libcoq-coquelicot) gives OneDimension.v its integral.
coqdeps:
	@command -v coqc >/dev/null 2>&1 && [ -d "$$(coqc -where)/user-contrib/Coquelicot" ] || { \
	  echo "installing coq and libcoq-coquelicot (the Coq export is checked with coqc)"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq coq libcoq-coquelicot; }

# The main job: certify every proof file in proofs/ (release build), then
# re-check every certificate with the independent verifier (verify/).
# Both binaries are built in one cargo call, so the crates they share are
# compiled once.
certify: deps
	cargo build --release -p ifm-check -p ifm-verify --bins
	target/release/ifm-check certify proofs --json target/certificates.json
	target/release/ifm-verify target/certificates.json

# The whole test suite: unit, property, reference-value and documentation
# tests, a check that the fuzz targets compile, then the Python package's
# suite (python/).
test: deps texdeps coqdeps
	cargo test --workspace --exclude ifm-check-python --all-targets
	cargo test --workspace --exclude ifm-check-python --doc
	$(MAKE) coq
	$(MAKE) fuzz-check
	$(MAKE) python-test

# The Coq export (docs/coq.md): every instance of proofs/ an exported kind
# holds, written to target/coq and checked with coqc, two files at a time;
# each file's log (its `Print Assumptions`) is kept beside it.
COQ_OUT := target/coq
coq: deps coqdeps
	cargo build -p ifm-check --bin ifm-check
	rm -rf $(COQ_OUT)
	target/debug/ifm-check export-coq proofs --out $(COQ_OUT)
	cd $(COQ_OUT) && coqc -Q . IFM IFM.v && coqc -Q . IFM OneDimension.v && \
	  ls *.v | grep -vx -e IFM.v -e OneDimension.v | xargs -P 2 -I FILE sh -c \
	    'coqc -Q . IFM FILE > FILE.log 2>&1 && echo "coqc FILE: checked" || { cat FILE.log; echo "coqc FILE: FAILED"; exit 1; }'

# The fuzz targets (fuzz/, a crate of its own that needs nightly to run)
# must at least compile on the stable toolchain.
fuzz-check: deps
	CARGO_TARGET_DIR=$(CURDIR)/target/fuzz-check cargo check --manifest-path fuzz/Cargo.toml --bins

# The Python package: a virtual environment under target/, the package built
# into it by maturin, its pytest suite (which runs the same requests through
# the command line, so the binary is built too). python3 with venv is installed with
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
	cargo build -p ifm-check --bin ifm-check
	IFM_CHECK_BIN=$(CURDIR)/target/debug/ifm-check $(PYVENV)/bin/python -m pytest -q python/tests

# Criterion benchmarks (figures in BENCHMARKS.md).
bench: deps
	cargo bench

# The paper's appendix: appendix/ (Markdown, LaTeX, figures), then
# appendix/appendix.pdf from the standalone document when pdflatex is there.
appendix: deps
	rm -rf appendix
	cargo run --release -- appendix --out appendix
	@if command -v pdflatex >/dev/null 2>&1; then \
	  cd appendix && for pass in 1 2; do \
	    pdflatex -interaction=nonstopmode -halt-on-error -jobname=appendix appendix-standalone.tex >/dev/null \
	      || { echo "pdflatex failed: see appendix/appendix.log"; exit 1; }; \
	  done && echo "appendix/appendix.pdf"; \
	else \
	  echo "pdflatex not found: the appendix is written, not compiled; install it with"; \
	  echo "  sudo apt-get install $(TEX_PACKAGES)"; \
	  echo "then run make appendix again"; \
	fi

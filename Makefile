# The README's two commands. Each installs what a fresh machine lacks (m4,
# needed to build GMP/MPFR for the `rug` crate), then builds and runs.

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps certify test bench

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

# The whole test suite: unit, property, reference-value and documentation tests.
test: deps
	cargo test --workspace --all-targets
	cargo test --workspace --doc

# Criterion benchmarks (figures in BENCHMARKS.md).
bench: deps
	cargo bench

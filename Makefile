# kring: the front door. `make` builds, `make run` serves the demo,
# `make test` runs every test. Each first installs what is missing.
BUILD   := build
SAN     := build-san
KRING   := $(BUILD)/kring
DEMO_DB := var/demo.db
LISTEN  ?= 127.0.0.1:8080

.PHONY: all deps build run test unit api san valgrind bench screenshots clean

all: build

deps:
	@scripts/install-deps

$(BUILD)/build.ninja: | deps
	meson setup $(BUILD) --buildtype=debugoptimized

build: deps $(BUILD)/build.ninja
	@ninja -C $(BUILD)

$(SAN)/build.ninja: | deps
	meson setup $(SAN) --buildtype=debug -Db_sanitize=address,undefined -Db_lundef=false

run: build
	@mkdir -p var
	@[ -f $(DEMO_DB) ] || $(KRING) demo --db sqlite:$(DEMO_DB)
	@$(KRING) init --db sqlite:$(DEMO_DB) >/dev/null
	@echo "kring serves the demo on http://$(LISTEN): log in as intake, regio (regional manager), coordinator, beheer (admin) or demo (every role), each with password kring-demo-2010 (no second factor in the demo)"
	KRING_SECOND_FACTOR=optional $(KRING) serve --db sqlite:$(DEMO_DB) --listen $(LISTEN)

# every test, ending with one summary line
test: build $(SAN)/build.ninja
	@ninja -C $(SAN) >/dev/null
	@scripts/run-tests $(BUILD) $(SAN)

# the pictures of the main pages in docs/screenshots (shown in the README)
screenshots: build
	KRING_SCREENSHOTS=docs KRING_BIN=$(KRING) node --test tests/browser/screenshots.test.mjs

bench: build
	@bench/http.sh
	@bench/db.sh
	@bench/reports.sh

clean:
	rm -rf $(BUILD) $(SAN)

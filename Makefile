# make demo — set up and render the examples; make test — set up and run the whole test suite.
VENV ?= .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin

.PHONY: demo test test-fast typecheck system-deps venv lint bench fuzz golden clean

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

venv: $(VENV)/.installed

# LibreOffice, poppler, CJK fonts, Chromium, axe-core: needed by the DOCX→PDF and browser tests.
system-deps:
	@if [ "$$(id -u)" = 0 ]; then bash scripts/install-system-deps.sh; \
	else echo "（非 root：跳过系统依赖安装；需要 LibreOffice/Chromium 的测试会说明原因后跳过）"; fi

demo: venv
	$(BIN)/nianbao check examples/*.yaml
	$(BIN)/nianbao build examples/*.yaml --to html,txt,docx -o out
	@echo "已生成：out/（用浏览器打开 out/*.html，用 Word/WPS 打开 out/*.docx）"

# The whole job CI runs: the type check, then every test.
test: venv system-deps
	$(BIN)/python -m mypy
	$(BIN)/python -m pytest -q

# The quick loop: everything but the slow kinds (SIGKILL, subprocess server, browser, LibreOffice).
test-fast: venv
	$(BIN)/python -m pytest -q -m "not slow"

typecheck: venv
	$(BIN)/python -m mypy

lint: venv
	$(BIN)/ruff check nianbao tests benchmarks

golden: venv
	$(BIN)/python -m pytest -q tests --update-golden

bench: venv
	$(BIN)/python benchmarks/check_speed.py
	$(BIN)/python benchmarks/docx_speed.py
	$(BIN)/python benchmarks/batch_speed.py
	$(BIN)/python benchmarks/one_file_speed.py
	$(BIN)/python benchmarks/pdf_bulk.py
	$(BIN)/python benchmarks/preview_latency.py
	$(BIN)/python benchmarks/hostile_bounds.py

# ≥ 10,000 mutated inputs per fuzz test: load → check → build, import of mutated TXT, HTML and DOCX, and
# ±1 typos in any cell of 表三/表四 of generated consistent reports (each must make check exit 1);
# the statistics list each test's case count. The normal suite runs a few hundred.
# Then the hostile inputs of issue 16 at full size (1 MB x 100 aliases, 4 GB inflation, 24,000 keys, 2,000 styles,
# a 20,000-character agency name, 1,000,000 invisible characters, a 270-byte output name, a self-extending template):
# each must finish within 10 s and 500 MB or be refused (exit 2).
fuzz: venv
	NIANBAO_FUZZ_CASES=10000 $(BIN)/python -m pytest -q -p no:cacheprovider tests -k fuzz --hypothesis-show-statistics
	NIANBAO_HOSTILE_FULL=1 $(BIN)/python -m pytest -q -p no:cacheprovider tests/test_hostile_bounds.py -v

clean:
	rm -rf $(VENV) out .pytest_cache

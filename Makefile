# Everyday commands; each is a thin alias. The two set-up commands are in README.md.
.PHONY: demo test lint format pytest pytest-pg

demo:
	python3 dev.py demo

test:
	python3 dev.py test

lint:
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/mypy

format:
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

pytest:
	.venv/bin/pytest -n 2 -m "not browser"

pytest-pg:
	CONGDOAN_TEST_DB=postgres .venv/bin/pytest -n 2 -m "not browser"

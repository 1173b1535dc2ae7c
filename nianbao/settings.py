"""Limits and defaults shared by several commands, each defined once (and cheap to import for the CLI)."""

MAX_BYTES = 64 * 1024 * 1024  # the largest input file read (YAML or a report to import)
DEFAULT_HOST = "127.0.0.1"  # serve: this machine only unless --host says otherwise
DEFAULT_PORT = 8000
EDITIONS_ENV = "NIANBAO_EDITIONS"  # folders of user edition files, separated like PATH

"""`tunewright serve | worker | db upgrade | db downgrade | openapi` — the command line."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from tunewright.settings import get_settings

log = logging.getLogger("tunewright")


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from tunewright.db.migrate import upgrade
    from tunewright.logs import configure_logging
    from tunewright.main import create_app

    settings = get_settings()
    configure_logging(settings.log_format or "console", settings.log_level)
    upgrade(settings.sqlalchemy_url)
    host, port = args.host or settings.host, args.port or settings.port
    supervisor = None
    if not settings.no_worker:
        from tunewright.worker.main import Supervisor

        supervisor = Supervisor(settings)
        supervisor.start()
    log.info("serving", extra={"url": f"http://{host}:{port}", "data_dir": str(settings.data_dir)})
    try:
        uvicorn.run(create_app(settings), host=host, port=port, log_config=None, proxy_headers=True)
    finally:
        if supervisor:
            supervisor.stop()
    return 0


def _worker(_args: argparse.Namespace) -> int:
    from tunewright.logs import configure_logging
    from tunewright.worker.main import main as worker_main

    settings = get_settings()
    configure_logging(settings.log_format or "console", settings.log_level)
    return worker_main(settings)


def _db(args: argparse.Namespace) -> int:
    from tunewright.db import migrate

    url = get_settings().sqlalchemy_url
    target = args.revision or ("head" if args.action == "upgrade" else "base")
    if args.action == "upgrade":
        migrate.upgrade(url, target)
    else:
        migrate.downgrade(url, target)
    print(f"database {args.action}d to {target}")
    return 0


def _openapi(args: argparse.Namespace) -> int:
    from tunewright.main import create_app

    schema = json.dumps(create_app().openapi(), indent=2, sort_keys=False) + "\n"
    if args.out:
        Path(args.out).write_text(schema, encoding="utf-8")
    else:
        sys.stdout.write(schema)
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every sub-command."""
    parser = argparse.ArgumentParser(prog="tunewright", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="migrate the database and serve the app")
    serve.add_argument("--host", help="bind address (default HOST or 0.0.0.0)")
    serve.add_argument("--port", type=int, help="port (default PORT or 5000)")
    serve.set_defaults(func=_serve)

    worker = commands.add_parser("worker", help="claim and train queued runs (started by serve)")
    worker.set_defaults(func=_worker)

    db = commands.add_parser("db", help="database migrations")
    db.add_argument("action", choices=["upgrade", "downgrade"])
    db.add_argument("revision", nargs="?", help="target revision (default head / base)")
    db.set_defaults(func=_db)

    openapi = commands.add_parser("openapi", help="write the OpenAPI schema")
    openapi.add_argument("--out", help="file to write (default stdout)")
    openapi.set_defaults(func=_openapi)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line."""
    args = build_parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())

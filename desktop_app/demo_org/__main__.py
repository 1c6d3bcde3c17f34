"""Command line: serve the demo org until interrupted, after printing where it listens as one JSON line."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from pathlib import Path
from types import FrameType

from .database import SchemaError
from .faults import KINDS, parse_kinds
from .server import DemoOrg, PortInUseError


def _kinds(text: str) -> tuple[str, ...]:
    try:
        return parse_kinds(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _rate(text: str) -> float:
    try:
        rate = float(text)
    except ValueError:
        rate = -1.0
    if not 0.0 <= rate <= 1.0:
        raise argparse.ArgumentTypeError(f"must be a number from 0 to 1, not {text!r}")
    return rate


def _seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not seconds > 0:
        raise argparse.ArgumentTypeError(f"must be a number of seconds above 0, not {text!r}")
    return seconds


def build_parser() -> argparse.ArgumentParser:
    """The demo org's command line."""
    parser = argparse.ArgumentParser(
        prog="python -m desktop_app.demo_org",
        description="Serve a Salesforce-compatible demo org on 127.0.0.1.",
    )
    parser.add_argument(
        "--port",
        type=int,
        default=0,
        help="login host port (0 picks a free one); instance hosts use the next ports; "
        "a data directory keeps the ports of its first start",
    )
    parser.add_argument("--token-ttl", type=float, default=None, help="access tokens expire after S seconds")
    parser.add_argument(
        "--rotate-refresh-tokens", action="store_true", help="each refresh returns a new refresh token"
    )
    parser.add_argument("--block-user-agent-flow", action="store_true", help="refuse response_type=token")
    parser.add_argument("--chatter-limit", type=int, default=None, help="Chatter requests per user per hour")
    parser.add_argument(
        "--refuse-org-query",
        action="store_true",
        help="answer the Organization query with INVALID_TYPE, as orgs that hide it from some users do",
    )
    parser.add_argument(
        "--features-off",
        default="",
        metavar="NAMES",
        help="/connect/organization features or user settings reported as off, e.g. files,canFollow",
    )
    parser.add_argument(
        "--seed", type=int, default=7, help="seed of the generated data (when the data is first made)"
    )
    parser.add_argument(
        "--data",
        type=Path,
        default=None,
        metavar="DIR",
        help="keep the org's data, sign-ins and URLs in DIR across restarts (default: in memory only)",
    )
    parser.add_argument("--reset", action="store_true", help="wipe the data in DIR first and start afresh")
    parser.add_argument(
        "--faults",
        type=_kinds,
        default=(),
        metavar="KIND[,KIND]",
        help=f"make Chatter writes fail: {', '.join(KINDS)} (reads stay healthy)",
    )
    parser.add_argument(
        "--fault-rate",
        type=_rate,
        default=1.0,
        metavar="R",
        help="share of writes that fail, 0 to 1 (default 1)",
    )
    parser.add_argument("--fault-seed", type=int, default=None, metavar="N", help="repeatable fault draws")
    parser.add_argument(
        "--tls",
        action="store_true",
        help="serve https with a certificate from the org's own CA, written to DIR (or a temporary folder)",
    )
    parser.add_argument(
        "--activity",
        type=_seconds,
        default=None,
        metavar="SECONDS",
        help="every SECONDS other users post, comment on the signed-in users' posts and @-mention them",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the demo org until SIGINT or SIGTERM."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.reset and args.data is None:
        parser.error("--reset needs --data DIR")
    if not args.faults and (args.fault_rate != 1.0 or args.fault_seed is not None):
        parser.error("--fault-rate and --fault-seed need --faults KIND")
    demo = DemoOrg(
        port=args.port,
        token_ttl=args.token_ttl,
        rotate_refresh_tokens=args.rotate_refresh_tokens,
        block_user_agent_flow=args.block_user_agent_flow,
        chatter_limit=args.chatter_limit,
        refuse_org_query=args.refuse_org_query,
        features_off=tuple(name.strip() for name in args.features_off.split(",") if name.strip()),
        seed=args.seed,
        data_dir=args.data,
        reset=args.reset,
        faults=args.faults,
        fault_rate=args.fault_rate,
        fault_seed=args.fault_seed,
        tls=args.tls,
    )
    stop = threading.Event()

    def on_signal(number: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    try:
        demo.start()
    except (PortInUseError, SchemaError) as error:
        print(f"demo org: {error}", file=sys.stderr)
        return 1
    with demo:
        if args.activity is not None:
            demo.start_activity(args.activity)
        line = {
            "login_url": demo.login_url,
            "orgs": [
                {"name": org.name, "instance_url": org.instance_url, "org_id": org.org_id}
                for org in demo.orgs
            ],
            "client_id": demo.client_id,
            "users": [user.username for user in demo.users],
            "password": DemoOrg.PASSWORD,
            "data": None if args.data is None else str(args.data),
            "faults": list(args.faults),
            "ca_file": None if demo.ca_file is None else str(demo.ca_file),
            "activity": args.activity,
        }
        print(json.dumps(line, ensure_ascii=False), flush=True)
        while not stop.wait(0.5):
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())

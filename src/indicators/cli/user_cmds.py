"""`users add|list|passwd|role|disable|enable|remove`: account management from the command line."""

from __future__ import annotations

import argparse
import getpass
import sys

from .. import actions, auth
from ..actions import users as account
from ..auth import role_name
from ..errors import UserError
from ..i18n import t
from .common import LANG, open_ready, print_json


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `users` command and its sub-commands."""
    users = sub.add_parser("users", help="manage user accounts (roles: viewer, analyst, admin)")
    cmds = users.add_subparsers(dest="users_command", required=True)
    p = cmds.add_parser("add", parents=[LANG], help="create an account; the password is asked without echo")
    p.add_argument("name")
    p.add_argument("--role", required=True, choices=auth.ROLES)
    p.add_argument("--password-stdin", action="store_true", help="read the password from stdin (automation)")
    p.set_defaults(func=cmd_add)
    p = cmds.add_parser("list", parents=[LANG], help="every account (never the password hashes)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_list)
    p = cmds.add_parser("passwd", parents=[LANG], help="set a new password (also clears a lock)")
    p.add_argument("name")
    p.add_argument("--password-stdin", action="store_true")
    p.set_defaults(func=cmd_passwd)
    p = cmds.add_parser("role", parents=[LANG], help="change an account's role")
    p.add_argument("name")
    p.add_argument("role", choices=auth.ROLES)
    p.set_defaults(func=cmd_role)
    for name, disabled in (("disable", True), ("enable", False)):
        p = cmds.add_parser(name, parents=[LANG], help=f"{name} an account")
        p.add_argument("name")
        p.set_defaults(func=cmd_disable, disabled=disabled)
    p = cmds.add_parser("remove", parents=[LANG], help="delete an account (its audit rows stay)")
    p.add_argument("name")
    p.set_defaults(func=cmd_remove)


def read_password(from_stdin: bool) -> str:
    """The new password: first line of stdin, or typed twice without echo."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise UserError("errors.no_terminal")
    first = getpass.getpass("密码 password: ")
    if getpass.getpass("再次输入 repeat: ") != first:
        raise UserError("errors.passwords_differ")
    return first


def cmd_add(args: argparse.Namespace) -> int:
    """Create an account."""
    con, _ = open_ready()
    password = read_password(args.password_stdin)
    name = account.add(con, actions.shell(), args.name, password, args.role)
    print(t("cli.user_added", args.lang, name=name, role=role_name(args.role).text(args.lang)))
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    """Print every account."""
    con, _ = open_ready()
    df = auth.list_users(con)
    if args.json:
        print_json(df.astype(object).where(df.notna(), None).to_dict(orient="records"))
        return 0
    if df.empty:
        print(t("cli.no_users", args.lang))
    for r in df.itertuples():
        state = "disabled" if r.disabled else ("locked" if auth.get_user(con, r.name).locked() else "active")
        print(f"{r.name:<24} {r.role:<8} {state:<9} {r.source}")
    return 0


def cmd_passwd(args: argparse.Namespace) -> int:
    """Set a new password."""
    con, _ = open_ready()
    if auth.get_user(con, args.name) is None:
        raise UserError("errors.no_such_user", name=args.name)
    account.set_password(con, actions.shell(), args.name, read_password(args.password_stdin))
    print(t("cli.password_changed", args.lang, name=args.name))
    return 0


def cmd_role(args: argparse.Namespace) -> int:
    """Change a role."""
    con, _ = open_ready()
    account.set_role(con, actions.shell(), args.name, args.role)
    print(t("cli.role_changed", args.lang, name=args.name, role=role_name(args.role).text(args.lang)))
    return 0


def cmd_disable(args: argparse.Namespace) -> int:
    """Disable or enable an account."""
    con, _ = open_ready()
    account.set_disabled(con, actions.shell(), args.name, args.disabled)
    print(t("cli.user_disabled" if args.disabled else "cli.user_enabled", args.lang, name=args.name))
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    """Delete an account."""
    con, _ = open_ready()
    account.remove(con, actions.shell(), args.name)
    print(t("cli.user_removed", args.lang, name=args.name))
    return 0

"""`users add|list|passwd|role|disable|enable|remove`: account management from the command line."""

from __future__ import annotations

import argparse
import getpass
import sys

from .. import auth
from ..errors import UserError
from .common import open_ready, print_json


def cli_actor() -> str:
    """Who the audit table names for a command-line change: cli:<OS login> (shell access means file access)."""
    try:
        return f"cli:{getpass.getuser()}"
    except (OSError, KeyError):
        return "cli"


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `users` command and its sub-commands."""
    users = sub.add_parser("users", help="manage user accounts (roles: viewer, analyst, admin)")
    cmds = users.add_subparsers(dest="users_command", required=True)
    p = cmds.add_parser("add", help="create an account; the password is asked without echo")
    p.add_argument("name")
    p.add_argument("--role", required=True, choices=auth.ROLES)
    p.add_argument("--password-stdin", action="store_true", help="read the password from stdin (automation)")
    p.set_defaults(func=cmd_add)
    p = cmds.add_parser("list", help="every account (never the password hashes)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_list)
    p = cmds.add_parser("passwd", help="set a new password (also clears a lock)")
    p.add_argument("name")
    p.add_argument("--password-stdin", action="store_true")
    p.set_defaults(func=cmd_passwd)
    p = cmds.add_parser("role", help="change an account's role")
    p.add_argument("name")
    p.add_argument("role", choices=auth.ROLES)
    p.set_defaults(func=cmd_role)
    for name, disabled in (("disable", True), ("enable", False)):
        p = cmds.add_parser(name, help=f"{name} an account")
        p.add_argument("name")
        p.set_defaults(func=cmd_disable, disabled=disabled)
    p = cmds.add_parser("remove", help="delete an account (its audit rows stay)")
    p.add_argument("name")
    p.set_defaults(func=cmd_remove)


def read_password(from_stdin: bool) -> str:
    """The new password: first line of stdin, or typed twice without echo."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise UserError("无终端，无法安全输入密码；请使用 --password-stdin "
                        "no terminal to type the password: use --password-stdin")
    first = getpass.getpass("密码 password: ")
    if getpass.getpass("再次输入 repeat: ") != first:
        raise UserError("两次输入的密码不一致 the passwords differ")
    return first


def cmd_add(args: argparse.Namespace) -> int:
    """Create an account."""
    con, _ = open_ready()
    password = read_password(args.password_stdin)
    name = auth.add_user(con, args.name, password, args.role, by=cli_actor())
    print(f"已创建用户 user created: {name} ({args.role})")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    """Print every account."""
    con, _ = open_ready()
    df = auth.list_users(con)
    if args.json:
        print_json(df.astype(object).where(df.notna(), None).to_dict(orient="records"))
        return 0
    if df.empty:
        print("尚无用户 no users yet: python -m indicators users add NAME --role admin")
    for r in df.itertuples():
        state = "disabled" if r.disabled else ("locked" if auth.get_user(con, r.name).locked() else "active")
        print(f"{r.name:<24} {r.role:<8} {state:<9} {r.source}")
    return 0


def cmd_passwd(args: argparse.Namespace) -> int:
    """Set a new password."""
    con, _ = open_ready()
    if auth.get_user(con, args.name) is None:
        raise UserError(f"用户不存在 no such user: {args.name}")
    auth.set_password(con, args.name, read_password(args.password_stdin), by=cli_actor())
    print(f"密码已更新 password changed: {args.name}")
    return 0


def cmd_role(args: argparse.Namespace) -> int:
    """Change a role."""
    con, _ = open_ready()
    auth.set_role(con, args.name, args.role, by=cli_actor())
    print(f"角色已更新 role changed: {args.name} -> {args.role}")
    return 0


def cmd_disable(args: argparse.Namespace) -> int:
    """Disable or enable an account."""
    con, _ = open_ready()
    auth.set_disabled(con, args.name, args.disabled, by=cli_actor())
    print(f"{'已停用 disabled' if args.disabled else '已启用 enabled'}: {args.name}")
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    """Delete an account."""
    con, _ = open_ready()
    auth.remove_user(con, args.name, by=cli_actor())
    print(f"已删除用户 user removed: {args.name}")
    return 0

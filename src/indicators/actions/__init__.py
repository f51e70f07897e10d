"""Actions: every change a person can make to the data, each in one place (the pages and the CLI only adapt).

An action is a function `do(con, actor, …)` in the module of its group (upload, catalogue, batches, users,
export). It checks who is asking (the role read from the database, the account not disabled; the command line by
the shell policy of actor.py), runs its writes in one transaction and writes its audit rows in it, in that order:
`perform(con, actor, role, work)` does the three, `work(con)` returns `Done(result, audit_rows)`. A refusal is a
UserError with a catalogue code. To add one (e.g. publish a period's index scores): write the store's plain writes
(no transaction, no audit) in store/, then here

    def publish(con, actor, period):
        def work(c):
            snapshot_id = store.insert_snapshot(c, period)
            return Done(snapshot_id, [("publish", {"period": period, "snapshot": snapshot_id})])
        return perform(con, actor, "admin", work)

and call it from the page (actor.login(session user)) and the command (actor.shell()).
"""

from .actor import SYSTEM, Actor, login, shell
from .perform import Done, check, perform

__all__ = ["SYSTEM", "Actor", "Done", "check", "login", "perform", "shell"]

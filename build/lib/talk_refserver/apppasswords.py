"""App passwords as Nextcloud hands them out (`core/Controller/AppPasswordController.php` of
Nextcloud 17): a client trades the login password for a token it can keep, and revokes it itself.
"""

from __future__ import annotations

from talk_refserver import crypto
from talk_refserver.guards import LOGGED_IN
from talk_refserver.ocs import OcsError
from talk_refserver.routing import Ctx, route


@route("GET", "/core/getapppassword", guard=LOGGED_IN)
def get_app_password(ctx: Ctx):
    if ctx.caller.via == "app-password":
        raise OcsError(403, "You cannot request an new apppassword with an apppassword")
    password = crypto.new_app_password()
    # Only the hash is kept: the password is shown once, in this answer.
    ctx.repo.app_passwords.add(ctx.caller.user_id, crypto.token_hash(password))
    return {"apppassword": password}


@route("DELETE", "/core/apppassword", guard=LOGGED_IN)
def delete_app_password(ctx: Ctx):
    if ctx.caller.via != "app-password":
        raise OcsError(403, "no app password in use")
    ctx.repo.app_passwords.revoke(ctx.caller.app_password_hash)
    return None

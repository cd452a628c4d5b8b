"""A real SMTP server for the email tests: aiosmtpd, with a handler that
stores every message it accepts and answers some recipients with errors.

Usage: python3 smtpd.py MAILDIR [--starttls|--implicit-tls CERT KEY] [--auth USER:PASS] [--auth-in-clear] [--pipelining] [--port N]
(every AUTH the server receives is noted in MAILDIR/auth.log)
(prints the port it listens on, then serves until stdin closes)

  busy@...     -> 451 4.3.0 (transient, the server's)
  full@...     -> 452 4.2.2 (transient, this mailbox's)
  unknown@...  -> 550 5.1.1 (permanent)
  escape@...   -> 550 5.1.1 with terminal escapes in its text
  refused@...  -> 554 5.6.0 after the content (the message is refused whole)
  slow@...     -> accepted, but the reply to its content takes 3 s
  anything else is accepted and written to MAILDIR/<n>.eml, its envelope
  sender (MAIL FROM) to MAILDIR/<n>.from, its recipients (RCPT) to
  MAILDIR/<n>.rcpt
(MAILDIR/mail.log notes, for each MAIL, whether its RCPT came pipelined;
MAILDIR/data.log, for each message, whether the next MAIL came with its end)
"""
import asyncio
import itertools
import os
import socket
import sys
import time

import ssl

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Handler:
    def __init__(self, maildir, pipelining=False):
        self.maildir = maildir
        self.counter = itertools.count(1)
        self.pipelining = pipelining

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        if self.pipelining:
            # aiosmtpd reads pipelined commands as they come; it only does
            # not say so unless asked.
            responses.insert(-1, "250-PIPELINING")
        return responses

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        # Whether the client sent RCPT before this reply: commands that came
        # pipelined are already waiting in the reader's buffer.
        waiting = bytes(getattr(server._reader, "_buffer", b""))
        with open(os.path.join(self.maildir, "mail.log"), "a") as log:
            log.write("pipelined\n" if b"RCPT" in waiting.upper() else "one by one\n")
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@", 1)[0].lower()
        if local == "busy":
            return "451 4.3.0 Mailbox busy, try again later"
        if local.startswith("full"):
            return "452 4.2.2 Mailbox full"
        if local == "unknown":
            return "550 5.1.1 No such user here"
        if local == "escape":
            # A reply that would retitle a terminal and clear its screen.
            return "550 5.1.1 \x1b]0;pwned\x07\x1b[2J No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        # Whether the next message's MAIL came in the same write as this
        # message's final "." (RFC 2920: content may open a group).
        waiting = bytes(getattr(server._reader, "_buffer", b""))
        with open(os.path.join(self.maildir, "data.log"), "a") as log:
            log.write("next waiting\n" if b"MAIL FROM" in waiting.upper() else "alone\n")
        locals_ = [rcpt.split("@", 1)[0].lower() for rcpt in envelope.rcpt_tos]
        if "refused" in locals_:
            return "554 5.6.0 Message content refused"
        if "slow" in locals_:
            await asyncio.sleep(3)
        n = next(self.counter)
        path = os.path.join(self.maildir, f"{n:06d}.eml")
        # The envelope sender beside the message (MAIL FROM), as a
        # receiving server would put it in Return-Path.
        with open(os.path.join(self.maildir, f"{n:06d}.from"), "w") as f:
            f.write(envelope.mail_from or "")
        with open(os.path.join(self.maildir, f"{n:06d}.rcpt"), "w") as f:
            f.write("\n".join(envelope.rcpt_tos))
        with open(path + ".tmp", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        os.rename(path + ".tmp", path)
        return f"250 2.0.0 Ok: queued as {n}"


def authenticator_for(user, password, maildir):
    def authenticate(server, session, envelope, mechanism, auth_data):
        with open(os.path.join(maildir, "auth.log"), "a") as log:
            log.write(f"AUTH {mechanism}\n")
        ok = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login.decode() == user
            and auth_data.password.decode() == password
        )
        # handled=False: aiosmtpd answers 535 itself on failure.
        return AuthResult(success=ok, handled=False)

    return authenticate


def main():
    args = sys.argv[1:]
    maildir = args.pop(0)
    os.makedirs(maildir, exist_ok=True)
    options = {}
    port = None
    pipelining = False
    while args:
        flag = args.pop(0)
        if flag in ("--starttls", "--implicit-tls"):
            ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            ctx.load_cert_chain(args.pop(0), args.pop(0))
            if flag == "--starttls":
                options["tls_context"] = ctx
                options["require_starttls"] = True
            else:
                options["ssl_context"] = ctx
                # The whole connection is TLS; aiosmtpd cannot tell, so let it
                # offer AUTH anyway.
                options["auth_require_tls"] = False
        elif flag == "--auth-in-clear":
            # Offer AUTH without TLS, as a careless (or a spoofed) server
            # would: the client must be the one that refuses.
            options["auth_require_tls"] = False
        elif flag == "--pipelining":
            pipelining = True
        elif flag == "--port":
            port = int(args.pop(0))
        elif flag == "--auth":
            user, password = args.pop(0).split(":", 1)
            options["authenticator"] = authenticator_for(user, password, maildir)
            options["auth_required"] = True
    # A probed free port can be taken by someone else before we bind it:
    # try a few.
    for attempt in range(5):
        chosen = port
        if chosen is None:
            with socket.socket() as probe:
                probe.bind(("127.0.0.1", 0))
                chosen = probe.getsockname()[1]
        controller = Controller(Handler(maildir, pipelining), hostname="127.0.0.1", port=chosen, **options)
        try:
            controller.start()
            break
        except Exception:
            if port is not None or attempt == 4:
                raise
    port = chosen
    print(port, flush=True)
    try:
        # Serve until the test that started us closes our stdin (or an hour).
        deadline = time.time() + 3600
        while time.time() < deadline and sys.stdin.read(1):
            pass
    finally:
        controller.stop()


if __name__ == "__main__":
    main()

"""A real SMTP server for the email tests: aiosmtpd, with a handler that
stores every message it accepts and answers some recipients with errors.

Usage: python3 smtpd.py MAILDIR   (prints the port it listens on, then serves)

  busy@...     -> 451 4.3.0 (transient)
  unknown@...  -> 550 5.1.1 (permanent)
  anything else is accepted and written to MAILDIR/<n>.eml
"""
import itertools
import os
import socket
import sys
import time

from aiosmtpd.controller import Controller


class Handler:
    def __init__(self, maildir):
        self.maildir = maildir
        self.counter = itertools.count(1)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@", 1)[0].lower()
        if local == "busy":
            return "451 4.3.0 Mailbox busy, try again later"
        if local == "unknown":
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        n = next(self.counter)
        path = os.path.join(self.maildir, f"{n:06d}.eml")
        with open(path + ".tmp", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        os.rename(path + ".tmp", path)
        return f"250 2.0.0 Ok: queued as {n}"


def main():
    maildir = sys.argv[1]
    os.makedirs(maildir, exist_ok=True)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Handler(maildir), hostname="127.0.0.1", port=port)
    controller.start()
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

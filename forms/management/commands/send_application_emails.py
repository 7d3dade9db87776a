"""The old name of `send_queued_mail` (website/outgoing_mail.py), kept so that crontabs which
call it go on sending every e-mail still unsent: receipts, notices and reply letters."""

from website.management.commands.send_queued_mail import Command as SendQueuedMail


class Command(SendQueuedMail):
    help = "Gammelt navn på send_queued_mail: sender e-post som ikke er sendt ennå."

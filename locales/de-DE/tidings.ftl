# tidings: incident notices, German (Germany).
#
# Translated from en-US, which is the source of truth: this file defines the
# same messages and attributes and uses only the variables used there.
#
# Register: formal "Sie", throughout, as German customer service does.
# Wording: "Störung" for disruption, "Lösung" for fix, "Wartungsarbeiten"
# (short: "Wartung") for maintenance, "Update" for a status update.
# Numbers up to twelve are words in running text ("in zwei Stunden"),
# digits from 13 on and in the data lines (Dauer, Beginn, Ende).
#
# Variables passed to every message:
#   $product     the affected product or component, as the customer knows
#                it: any name ("Creator", "Online Store", "Payments",
#                "Inbox", "Calendar"). In running text it always stands in
#                German quotation marks („{ $product }“), after a
#                preposition that needs no article ("bei", "an", "von") or
#                as the subject of a singular verb („Payments“ funktioniert).
#                A bare "bei Online Store" or "an Calendar" reads as a noun
#                missing its article. It stays bare only as a label before
#                or after a colon in a subject or title ("Wartung läuft: Inbox").
#   $severity    critical | major | minor | maintenance
#   $revision    the number of this update (1, 2, 3 …)
#   $started     when the incident started (or planned work starts); a date
#   $updated     when this update was published; a date
#   $resolved    when the incident was resolved (resolved and completed only); a date
#   $hours, $minutes         a duration, split into whole hours and the remaining minutes
#   $next_minutes  when the next update is due, in minutes: the whole wait
#   $next_hours    the same wait in whole hours
#   $next_rest_minutes  the minutes after those whole hours (44 for a wait
#                  of 104 minutes; next-update-hours-minutes only)
#   $status_page the address of the status page
#
# Planned work (maintenance) also passes:
#   $window           when the work is planned, already written out by the
#                     window messages below ("Sonntag, 1. März, 01:00–03:00 Uhr,
#                     Niederlande (Ortszeit)"; the place holds in summer and
#                     winter, while "MEZ" and "Mitteleuropäische Zeit" read as
#                     winter time)
#   $previous_window  on a reschedule: when it was planned before, likewise
#   $starts_in        on a reminder: how long before the start it is sent,
#                     written out by starts-in below ("in zwei Tagen")
#
# Variables this file selects on:
#   $kind        outage | maintenance (default *[outage]). Every message
#                shared by outages and planned work (footer-reason,
#                joined-late, next-update-on-change) selects on it, so that
#                planned work is never called a "Störung", nor an outage
#                "Wartung". The others (details-heading, duration, the date
#                lines) are worded to suit both.
#   $severity    in severity.
#   $lead_unit   day | hour | minute, and $lead, in starts-in.
#   $hours, $minutes, $next_minutes, $next_hours, $next_rest_minutes  by plural category
#                (German: one, other) or by exact number ([0], [1], [2] …).
# Also available, but not needed in German: $started_day, $started_hour,
# $started_minute (likewise updated_, resolved_, and from_, until_ in the
# window messages).
#
# Dates go through DATETIME, which formats them in the customer's time zone
# with the CLDR patterns for German. The date lines call it three times, for
# the date, the time and the zone, and write "um" and "Uhr" between the
# calls by hand: "Montag, 14. März 2022 um 08:30 Uhr MEZ". Keep those words
# when you edit a date line; the calls themselves add neither.
# timeZoneName "location" gives "Niederlande (Ortszeit)", with the brackets
# from CLDR; for a zone without a place (UTC, Etc/GMT+5) it gives the offset
# ("GMT+0", "GMT-5"), so write nothing around it that needs a place name.

## One message per status. Its value is the email subject; the attributes are
## the heading, the two body paragraphs, the in-app title and body, the status
## label and the one-line summary sent in webhooks.

notice-investigating = { $product }: Wir untersuchen eine Störung
    .status = In Untersuchung
    .heading = Wir gehen einem Problem bei „{ $product }“ nach
    .lead = „{ $product }“ funktioniert derzeit nicht wie gewohnt. Unser Technikteam sucht bereits nach der Ursache.
    .advice = Sie müssen nichts weiter tun. Wir halten Sie auf dem Laufenden, bis das Problem behoben ist.
    .in-app-title = In Untersuchung: Störung bei „{ $product }“
    .in-app-body = „{ $product }“ funktioniert derzeit nicht wie gewohnt. Wir untersuchen das Problem und halten Sie hier auf dem Laufenden.
    .summary = Wir untersuchen eine Störung bei „{ $product }“.

notice-identified = { $product }: Ursache gefunden, wir arbeiten an einer Lösung
    .status = Ursache gefunden
    .heading = Wir haben die Ursache der Störung bei „{ $product }“ gefunden
    .lead = Unser Technikteam arbeitet bereits an einer Lösung.
    .advice = Bis die Lösung umgesetzt ist, funktioniert „{ $product }“ möglicherweise weiterhin nicht wie gewohnt. Wir melden uns bei Ihnen, sobald es so weit ist.
    .in-app-title = Ursache gefunden: Störung bei „{ $product }“
    .in-app-body = Wir haben die Ursache der Störung bei „{ $product }“ gefunden und arbeiten an einer Lösung.
    .summary = Wir haben die Ursache der Störung bei „{ $product }“ gefunden und arbeiten an einer Lösung.

notice-monitoring = { $product }: Lösung umgesetzt, wir beobachten die Lage
    .status = Unter Beobachtung
    .heading = „{ $product }“ stabilisiert sich
    .lead = Wir haben eine Lösung umgesetzt, und „{ $product }“ funktioniert nach und nach wieder normal. Wir behalten die Lage genau im Blick, bis alles wieder zuverlässig läuft.
    .advice = Falls bei Ihnen noch etwas nicht funktioniert, wenden Sie sich bitte an unser Support-Team.
    .in-app-title = Unter Beobachtung: „{ $product }“ stabilisiert sich
    .in-app-body = Eine Lösung ist umgesetzt, und „{ $product }“ stabilisiert sich. Wir beobachten die Lage genau.
    .summary = Eine Lösung ist umgesetzt, und „{ $product }“ stabilisiert sich.

notice-resolved = Behoben: „{ $product }“ funktioniert wieder wie gewohnt
    .status = Behoben
    .heading = „{ $product }“ funktioniert wieder wie gewohnt
    .lead = Das Problem bei „{ $product }“ ist behoben, und alles läuft wieder normal.
    .advice = Es tut uns leid, dass es zu dieser Störung gekommen ist. Wir werten den Vorfall sorgfältig aus und prüfen, wie wir so etwas künftig verhindern können.
    .in-app-title = Behoben: „{ $product }“ funktioniert wieder wie gewohnt
    .in-app-body = Das Problem bei „{ $product }“ ist behoben. Bitte entschuldigen Sie die Störung.
    .summary = Die Störung bei „{ $product }“ ist behoben.

# Sent days ahead: the lead speaks of the future ("Wir werden …
# durchführen"), never in a bare present that reads as "now".
notice-scheduled = Geplante Wartungsarbeiten an „{ $product }“
    .status = Geplant
    .heading = Geplante Wartungsarbeiten an „{ $product }“
    .lead = Wir werden geplante Wartungsarbeiten an „{ $product }“ durchführen. Während der Arbeiten kann „{ $product }“ kurzzeitig nicht verfügbar sein.
    .advice = Sie müssen nichts weiter tun. Wir informieren Sie, wenn die Arbeiten beginnen und sobald sie abgeschlossen sind.
    .in-app-title = Geplante Wartung: { $product }
    .in-app-body = Geplante Wartungsarbeiten an „{ $product }“: { $window }. Während der Arbeiten kann es zu kurzen Unterbrechungen kommen.
    .summary = Wartungsarbeiten an „{ $product }“ sind geplant.

notice-in-progress = Wartungsarbeiten an „{ $product }“ haben begonnen
    .status = In Arbeit
    .heading = Die Wartungsarbeiten an „{ $product }“ laufen
    .lead = Unsere geplanten Wartungsarbeiten an „{ $product }“ haben begonnen. Während der Arbeiten kann „{ $product }“ kurzzeitig nicht verfügbar sein.
    .advice = Sie müssen nichts weiter tun. Wir informieren Sie, sobald die Arbeiten abgeschlossen sind.
    .in-app-title = Wartung läuft: { $product }
    .in-app-body = Die geplanten Wartungsarbeiten an „{ $product }“ laufen gerade. Dabei kann es zu kurzen Unterbrechungen kommen.
    .summary = Die Wartungsarbeiten an „{ $product }“ laufen.

notice-completed = Wartungsarbeiten an „{ $product }“ abgeschlossen
    .status = Abgeschlossen
    .heading = Wartungsarbeiten an „{ $product }“ abgeschlossen
    .lead = Wir haben die geplanten Wartungsarbeiten an „{ $product }“ abgeschlossen, und alles funktioniert wie gewohnt.
    .advice = Vielen Dank für Ihre Geduld. Falls etwas nicht wie erwartet funktioniert, wenden Sie sich bitte an unser Support-Team.
    .in-app-title = Wartung abgeschlossen: { $product }
    .in-app-body = Die geplanten Wartungsarbeiten an „{ $product }“ sind abgeschlossen, und alles funktioniert wie gewohnt.
    .summary = Die Wartungsarbeiten an „{ $product }“ sind abgeschlossen.

notice-rescheduled = Geplante Wartungsarbeiten an „{ $product }“ verschoben
    .status = Verschoben
    .heading = Neuer Termin für die Wartungsarbeiten an „{ $product }“
    .lead = Wir haben die geplanten Wartungsarbeiten an „{ $product }“ verschoben. Neuer Termin: { $window }. Bisheriger Termin: { $previous_window }.
    .advice = Sie müssen nichts weiter tun. Wir informieren Sie, wenn die Arbeiten beginnen und sobald sie abgeschlossen sind.
    .in-app-title = Wartung verschoben: { $product }
    .in-app-body = Neuer Termin für die geplanten Wartungsarbeiten an „{ $product }“: { $window }.
    .summary = Die Wartungsarbeiten an „{ $product }“ wurden auf { $window } verschoben.

# A reminder of scheduled work, sent some time before it starts. $starts_in
# is how long before, written out by starts-in below ("in zwei Tagen");
# $window as above.
notice-reminder = Erinnerung: Wartungsarbeiten an „{ $product }“ beginnen { $starts_in }
    .status = Bevorstehend
    .heading = Die geplanten Wartungsarbeiten an „{ $product }“ beginnen { $starts_in }
    .lead = Wie angekündigt sind die Wartungsarbeiten an „{ $product }“ für { $window } geplant. Während der Arbeiten kann „{ $product }“ kurzzeitig nicht verfügbar sein.
    .advice = Sie müssen nichts weiter tun. Wir informieren Sie, wenn die Arbeiten beginnen und sobald sie abgeschlossen sind.
    .in-app-title = Erinnerung: Wartung an „{ $product }“
    .in-app-body = Die geplanten Wartungsarbeiten an „{ $product }“ beginnen { $starts_in }: { $window }.
    .summary = Die Wartungsarbeiten an „{ $product }“ beginnen { $starts_in }: { $window }.

notice-cancelled = Geplante Wartungsarbeiten an „{ $product }“ abgesagt
    .status = Abgesagt
    .heading = Wir haben die geplanten Wartungsarbeiten an „{ $product }“ abgesagt
    .lead = Die Wartungsarbeiten an „{ $product }“, die für { $window } geplant waren, finden nicht statt. „{ $product }“ steht Ihnen weiterhin wie gewohnt zur Verfügung.
    .advice = Sie müssen nichts weiter tun. Falls wir die Arbeiten neu ansetzen, informieren wir Sie rechtzeitig vorab.
    .in-app-title = Wartung abgesagt: { $product }
    .in-app-body = Die Wartungsarbeiten an „{ $product }“, die für { $window } geplant waren, wurden abgesagt.
    .summary = Die Wartungsarbeiten an „{ $product }“ wurden abgesagt.

## How serious it is, shown under the heading.

severity = { $severity ->
        [critical] Auswirkung: kritisch – Ausfall von „{ $product }“
        [major] Auswirkung: erheblich – starke Beeinträchtigung von „{ $product }“
        [maintenance] Auswirkung: geplante Wartung
       *[minor] Auswirkung: gering – einzelne Bereiche von „{ $product }“ betroffen
    }

## The lines with dates and times, in the customer's time zone.
## Each writes "um" and "Uhr" by hand between the DATETIME calls for date,
## time and zone ("Montag, 2. März 2026 um 08:30 Uhr MEZ"); keep them.

started-at = Beginn: { DATETIME($started, dateStyle: "full", timeStyle: "none", timeZoneName: "none") } um { DATETIME($started, hour: "2-digit", minute: "2-digit") } Uhr { DATETIME($started, dateStyle: "none", timeStyle: "none", timeZoneName: "short") }
starts-at = Geplanter Beginn: { DATETIME($started, dateStyle: "full", timeStyle: "none", timeZoneName: "none") } um { DATETIME($started, hour: "2-digit", minute: "2-digit") } Uhr { DATETIME($started, dateStyle: "none", timeStyle: "none", timeZoneName: "short") }
resolved-at = Ende: { DATETIME($resolved, dateStyle: "full", timeStyle: "none", timeZoneName: "none") } um { DATETIME($resolved, hour: "2-digit", minute: "2-digit") } Uhr { DATETIME($resolved, dateStyle: "none", timeStyle: "none", timeZoneName: "short") }
completed-at = Ende: { DATETIME($resolved, dateStyle: "full", timeStyle: "none", timeZoneName: "none") } um { DATETIME($resolved, hour: "2-digit", minute: "2-digit") } Uhr { DATETIME($resolved, dateStyle: "none", timeStyle: "none", timeZoneName: "short") }
updated-at = Update { $revision } vom { DATETIME($updated, dateStyle: "long", timeStyle: "none", timeZoneName: "none") } um { DATETIME($updated, hour: "2-digit", minute: "2-digit") } Uhr { DATETIME($updated, dateStyle: "none", timeStyle: "none", timeZoneName: "short") }

# When planned work takes place, in the customer's time zone. Each gets
# $from (the start) and, but for window-open, $until (the end), and is
# passed to other messages as $window. Written so that it reads after "für"
# and "auf" and after a colon (no article needed); "am" would not fit
# window-days, so the sentences around $window do not use it. "Uhr" is
# written here by hand; the zone is the place ("Niederlande (Ortszeit)"),
# which holds across a change to summer time, or the offset for a zone
# without a place ("GMT-5").
# Within one day: the date once, then both times ("01:00–03:00 Uhr,
# Niederlande (Ortszeit)").
window = { DATETIME($from, weekday: "long", month: "long", day: "numeric") }, { DATETIME($from, hour: "2-digit", minute: "2-digit") }–{ DATETIME($until, hour: "2-digit", minute: "2-digit") } Uhr, { DATETIME($until, dateStyle: "none", timeStyle: "none", timeZoneName: "location") }
# Past midnight: both dates with their times, joined by a spaced dash.
window-days = { DATETIME($from, weekday: "long", month: "long", day: "numeric") }, { DATETIME($from, hour: "2-digit", minute: "2-digit") } Uhr – { DATETIME($until, weekday: "long", month: "long", day: "numeric") }, { DATETIME($until, hour: "2-digit", minute: "2-digit") } Uhr, { DATETIME($until, dateStyle: "none", timeStyle: "none", timeZoneName: "location") }
# No end was planned: the start alone, written like the start lines above.
window-open = { DATETIME($from, weekday: "long", month: "long", day: "numeric") }, { DATETIME($from, hour: "2-digit", minute: "2-digit") } Uhr, { DATETIME($from, dateStyle: "none", timeStyle: "none", timeZoneName: "location") }
# The line with the window, on scheduled, in-progress and cancelled notices.
planned-for = Geplanter Termin: { $window }
was-planned-for = Ursprünglich geplanter Termin: { $window }
# How long before the work a reminder is sent: $lead whole days (from two
# days on), hours or minutes, as $lead_unit (day | hour | minute) says.
# Numbers up to twelve as words, as in next-update below.
starts-in = { $lead_unit ->
        [day] { $lead ->
            [1] in einem Tag
            [2] in zwei Tagen
            [3] in drei Tagen
            [4] in vier Tagen
            [5] in fünf Tagen
            [6] in sechs Tagen
            [7] in sieben Tagen
            [8] in acht Tagen
            [9] in neun Tagen
            [10] in zehn Tagen
            [11] in elf Tagen
            [12] in zwölf Tagen
           *[other] in { $lead } Tagen
        }
        [hour] { $lead ->
            [1] in einer Stunde
            [2] in zwei Stunden
            [3] in drei Stunden
            [4] in vier Stunden
            [5] in fünf Stunden
            [6] in sechs Stunden
            [7] in sieben Stunden
            [8] in acht Stunden
            [9] in neun Stunden
            [10] in zehn Stunden
            [11] in elf Stunden
            [12] in zwölf Stunden
           *[other] in { $lead } Stunden
        }
       *[minute] { $lead ->
            [1] in einer Minute
            [2] in zwei Minuten
            [3] in drei Minuten
            [4] in vier Minuten
            [5] in fünf Minuten
            [6] in sechs Minuten
            [7] in sieben Minuten
            [8] in acht Minuten
            [9] in neun Minuten
            [10] in zehn Minuten
            [11] in elf Minuten
            [12] in zwölf Minuten
           *[other] in { $lead } Minuten
        }
    }

# Above the first paragraph, for a customer who hears of an incident for the
# first time from a later update: it moved onto something they follow, or
# up to a severity they asked to hear about. The outage text names both
# reasons; the maintenance text, like en-US, names only the first.
joined-late = { $kind ->
        [maintenance] Sie erhalten jetzt zum ersten Mal eine Nachricht zu diesen geplanten Wartungsarbeiten, weil die Arbeiten inzwischen einen Bereich betreffen, den Sie abonniert haben.
       *[outage] Diese Störung begann bereits am { DATETIME($started, dateStyle: "long", timeStyle: "none", timeZoneName: "none") } um { DATETIME($started, hour: "2-digit", minute: "2-digit") } Uhr { DATETIME($started, dateStyle: "none", timeStyle: "none", timeZoneName: "short") }. Sie erhalten erst jetzt ein Update dazu, weil die Störung inzwischen einen Bereich betrifft, den Sie abonniert haben, oder weil ihre Auswirkung die Stufe erreicht hat, ab der Sie benachrichtigt werden möchten.
    }

# How long it lasted, on resolved and completed notices.
# German plural categories: one, other. Units are written out in full, so
# the combined form needs a plural choice for both hours and minutes.
duration = { $hours ->
        [0] { $minutes ->
                [0] Dauer: weniger als eine Minute
                [one] Dauer: { $minutes } Minute
               *[other] Dauer: { $minutes } Minuten
            }
       *[other] { $minutes ->
                [0] { $hours ->
                        [one] Dauer: { $hours } Stunde
                       *[other] Dauer: { $hours } Stunden
                    }
               *[other] { $hours ->
                        [one] { $minutes ->
                                [one] Dauer: { $hours } Stunde und { $minutes } Minute
                               *[other] Dauer: { $hours } Stunde und { $minutes } Minuten
                            }
                       *[other] { $minutes ->
                                [one] Dauer: { $hours } Stunden und { $minutes } Minute
                               *[other] Dauer: { $hours } Stunden und { $minutes } Minuten
                            }
                    }
            }
    }

## When the next update is due (not on resolved or completed notices).

# In running text, German writes the numbers up to twelve as words
# ("in zwei Stunden"); from 13 on, digits. Exact numbers are matched first.
next-update-minutes = Das nächste Update folgt spätestens in { $next_minutes ->
        [1] einer Minute
        [2] zwei Minuten
        [3] drei Minuten
        [4] vier Minuten
        [5] fünf Minuten
        [6] sechs Minuten
        [7] sieben Minuten
        [8] acht Minuten
        [9] neun Minuten
        [10] zehn Minuten
        [11] elf Minuten
        [12] zwölf Minuten
       *[other] { $next_minutes } Minuten
    }.
next-update-hours = Das nächste Update folgt spätestens in { $next_hours ->
        [1] einer Stunde
        [2] zwei Stunden
        [3] drei Stunden
        [4] vier Stunden
        [5] fünf Stunden
        [6] sechs Stunden
        [7] sieben Stunden
        [8] acht Stunden
        [9] neun Stunden
        [10] zehn Stunden
        [11] elf Stunden
        [12] zwölf Stunden
       *[other] { $next_hours } Stunden
    }.
# More than an hour, not whole hours: $next_hours (from 1) and
# $next_rest_minutes (1–59), "in einer Stunde und 44 Minuten". Half hours
# read as German says them: "in eineinhalb Stunden", not "einer Stunde und
# 30 Minuten".
next-update-hours-minutes = Das nächste Update folgt spätestens in { $next_rest_minutes ->
        [30] { $next_hours ->
            [1] eineinhalb Stunden
            [2] zweieinhalb Stunden
            [3] dreieinhalb Stunden
            [4] viereinhalb Stunden
            [5] fünfeinhalb Stunden
            [6] sechseinhalb Stunden
            [7] siebeneinhalb Stunden
            [8] achteinhalb Stunden
            [9] neuneinhalb Stunden
            [10] zehneinhalb Stunden
            [11] elfeinhalb Stunden
            [12] zwölfeinhalb Stunden
           *[other] { $next_hours } Stunden und 30 Minuten
        }
       *[other] { $next_hours ->
            [1] einer Stunde
            [2] zwei Stunden
            [3] drei Stunden
            [4] vier Stunden
            [5] fünf Stunden
            [6] sechs Stunden
            [7] sieben Stunden
            [8] acht Stunden
            [9] neun Stunden
            [10] zehn Stunden
            [11] elf Stunden
            [12] zwölf Stunden
           *[other] { $next_hours } Stunden
        } und { $next_rest_minutes ->
            [1] einer Minute
            [2] zwei Minuten
            [3] drei Minuten
            [4] vier Minuten
            [5] fünf Minuten
            [6] sechs Minuten
            [7] sieben Minuten
            [8] acht Minuten
            [9] neun Minuten
            [10] zehn Minuten
            [11] elf Minuten
            [12] zwölf Minuten
           *[other] { $next_rest_minutes } Minuten
        }
    }.
# No time promised: on outages, and on planned work before and while it
# runs (so it must not read as an outage, nor promise news that planned
# work may never have).
next-update-on-change = { $kind ->
        [maintenance] Sollte sich an den geplanten Arbeiten etwas ändern, informieren wir Sie umgehend.
       *[outage] Sobald sich etwas ändert, erhalten Sie von uns ein Update.
    }

## The details our team wrote about this update.

# Neutral: shown on outages and planned work alike.
details-heading = Aktueller Stand
# Shown under the heading when the details are in another language. It
# carries its own round brackets, in text and HTML alike.
details-not-in-your-language = (Dieser Abschnitt liegt noch nicht auf Deutsch vor.)

## The footer of every email.

footer-reason = { $kind ->
        [maintenance] Sie erhalten diese E-Mail, weil Sie „{ $product }“ nutzen und für Ihr Konto Benachrichtigungen zu geplanten Wartungsarbeiten aktiviert sind.
       *[outage] Sie erhalten diese E-Mail, weil Sie „{ $product }“ nutzen und für Ihr Konto Benachrichtigungen zu Störungen aktiviert sind.
    }
footer-status-page = Alle Updates können Sie jederzeit auf unserer Statusseite verfolgen: { $status_page }
status-page-link = Zur Statusseite

## The Atom feed of incidents and maintenance.

feed-title = { $site }: Störungen und geplante Wartungsarbeiten

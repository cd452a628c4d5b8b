# tidings: incident notices, US English.
#
# This file is the source of truth: every other locale must define the same
# messages and attributes, and may use only the variables used here.
#
# Variables passed to every message:
#   $product     the affected product or component, as the customer knows
#                it: any name. A message must read right for one word
#                ("Creator"), several ("Online Store"), a name that looks
#                plural ("Payments"), one that starts with a vowel ("Inbox")
#                and one that is a common noun ("Calendar"): give it a frame
#                ("at Online Store", "bei „Online Store“", "di «Inbox»")
#                where a bare name would take an article, agree in number,
#                or change the word before it (Spanish "y" → "e").
#   $severity    critical | major | minor | maintenance
#   $revision    the number of this update (1, 2, 3 …)
#   $started     when the incident started (or planned work starts); a date
#   $updated     when this update was published; a date
#   $resolved    when the incident was resolved (resolved and completed only); a date
#   $hours, $minutes         a duration, split into whole hours and the remaining minutes
#   $next_minutes  when the next update is due, in minutes: the whole wait
#                  (90 for an hour and a half, not 30)
#   $next_hours    the same wait in whole hours (next-update-hours is used
#                  only when the wait is a whole number of hours)
#   $next_rest_minutes  the minutes after those whole hours (44 for a wait
#                  of 104 minutes; next-update-hours-minutes only)
#   $status_page the address of the status page
#
# Planned work (maintenance) also passes:
#   $window           when the work is planned, already written out by the
#                     window messages below ("Sunday, March 1, 1:00 AM–3:00 AM
#                     Netherlands Time")
#   $previous_window  on a reschedule: when it was planned before, likewise
#   $starts_in        on a reminder: how long before the start it is sent,
#                     written out by starts-in below ("in 1 hour")
#
# Variables any message may select on, for grammar that depends on a value
# (en-US needs only $kind):
#   $kind        outage | maintenance: a message shared by both (the
#                footer, the details, the next update) must not call planned
#                work an outage, nor an outage maintenance
#   $started_day, $updated_day, $resolved_day     day of the month, 1–31
#   $started_hour, $updated_hour, $resolved_hour  hour, 0–23
#   $started_minute, $updated_minute, $resolved_minute  minute, as text with
#                two digits ("05"); a key [00] selects a time on the hour
#   (all in the customer's time zone; Spanish writes "a la 1:15" but
#   "a las 2:15", Italian "l’8 marzo" but "il 14 marzo")
#
# tests/generalisation.rs renders every message of every locale for the
# values it must hold for, into tests/golden/generalisation/<locale>.txt:
# the five kinds of product name above, every status, days 1, 2, 3, 8, 11,
# 21 and 31, hours 0, 1, 12, 13 and 23, durations of 0 s, 59 s, 1 min, 1 h
# and 25 h, next updates in 1, 2, 5, 21, 104 and 111 minutes, and zones
# with a city (Europe/Amsterdam, America/Argentina/Buenos_Aires,
# Asia/Kolkata) and without (UTC, Etc/GMT+5). Read your locale's file there
# after a change.
#
# Dates go through DATETIME, which formats them in the customer's time zone
# with the patterns of this locale. Options, named as in ECMA-402
# Intl.DateTimeFormat:
#   dateStyle     full | long | medium | short | none
#   timeStyle     medium | short | none
#   timeZoneName  short | long | shortOffset | longOffset | shortGeneric |
#                 longGeneric | location | city | none
#   weekday       long | short | narrow     (components: when any of these
#   year          numeric | 2-digit          is given, only the components
#   month         long | short | narrow | numeric | 2-digit   given are shown)
#   day           numeric | 2-digit
#   hour, minute  numeric | 2-digit
#   hourCycle     h11 | h12 | h23 | h24
# A message may format the date, the time and the zone apart to put words
# between them: DATETIME($started, dateStyle: "full", timeStyle: "none",
# timeZoneName: "none") um DATETIME($started, hour: "2-digit", minute:
# "2-digit") Uhr DATETIME($started, dateStyle: "none", timeStyle: "none",
# timeZoneName: "short"). Not portable to other Fluent runtimes: "none",
# "location" and "city" (tidings' own), and timeZoneName with dateStyle or
# timeStyle (Node's Intl refuses that combination).

## One message per status. Its value is the email subject; the attributes are
## the heading, the two body paragraphs, the in-app title and body, the status
## label and the one-line summary sent in webhooks.

notice-investigating = { $product }: we’re investigating a disruption
    .status = Investigating
    .heading = We’re looking into a problem with { $product }
    .lead = { $product } isn’t working as it should. Our engineers are investigating the cause right now.
    .advice = You don’t need to do anything. We’ll keep you posted until it’s fixed.
    .in-app-title = Investigating: { $product } disruption
    .in-app-body = { $product } isn’t working as it should. We’re investigating and will post updates here.
    .summary = We’re investigating a disruption to { $product }.

notice-identified = { $product }: cause found, fix in progress
    .status = Identified
    .heading = We’ve found what’s causing the problem with { $product }
    .lead = We know what’s causing the problem with { $product } and we’re working on a fix.
    .advice = { $product } may not work properly until the fix is in place. We’ll let you know as soon as it is.
    .in-app-title = Identified: { $product } disruption
    .in-app-body = We’ve found the cause of the { $product } disruption and are working on a fix.
    .summary = We’ve found the cause of the { $product } disruption and are working on a fix.

notice-monitoring = { $product }: fix in place, monitoring recovery
    .status = Monitoring
    .heading = { $product } is recovering
    .lead = We’ve put a fix in place and { $product } is recovering. We’re keeping a close eye on it until it’s fully back to normal.
    .advice = If something still isn’t working for you, please contact our support team.
    .in-app-title = Monitoring: { $product } is recovering
    .in-app-body = A fix is in place and { $product } is recovering. We’re monitoring it closely.
    .summary = A fix is in place and { $product } is recovering.

notice-resolved = Resolved: { $product } is working normally again
    .status = Resolved
    .heading = { $product } is working normally again
    .lead = The problem with { $product } has been resolved and everything is working normally again.
    .advice = We’re sorry for the disruption. We’ll look closely at what happened and how to keep it from happening again.
    .in-app-title = Resolved: { $product } is working normally
    .in-app-body = The problem with { $product } has been resolved. We’re sorry for the disruption.
    .summary = The { $product } disruption has been resolved.

notice-scheduled = Planned maintenance on { $product }
    .status = Scheduled
    .heading = Planned maintenance on { $product }
    .lead = We’ll be carrying out planned maintenance on { $product }. While the work is underway, { $product } may be unavailable for short periods.
    .advice = You don’t need to do anything. We’ll let you know when the work starts and when it’s finished.
    .in-app-title = Planned maintenance: { $product }
    .in-app-body = Planned maintenance on { $product }: { $window }. { $product } may be briefly unavailable while the work is underway.
    .summary = Maintenance on { $product } is scheduled.

notice-in-progress = Maintenance on { $product } has started
    .status = In progress
    .heading = Maintenance on { $product } is underway
    .lead = Our planned maintenance on { $product } has started. { $product } may be unavailable for short periods while we work.
    .advice = You don’t need to do anything. We’ll let you know as soon as the work is finished.
    .in-app-title = Maintenance underway: { $product }
    .in-app-body = Planned maintenance on { $product } is underway. { $product } may be briefly unavailable.
    .summary = Maintenance on { $product } is underway.

notice-completed = Maintenance on { $product } is complete
    .status = Completed
    .heading = Maintenance on { $product } is complete
    .lead = We’ve finished our planned maintenance on { $product } and everything is working normally.
    .advice = Thanks for your patience. If something isn’t working as expected, please contact our support team.
    .in-app-title = Maintenance complete: { $product }
    .in-app-body = Planned maintenance on { $product } is complete and everything is working normally.
    .summary = Maintenance on { $product } is complete.

notice-rescheduled = Planned maintenance on { $product } has moved
    .status = Rescheduled
    .heading = We’ve rescheduled the planned maintenance on { $product }
    .lead = The maintenance on { $product } that was planned for { $previous_window } will now take place on { $window }.
    .advice = You don’t need to do anything. We’ll let you know when the work starts and when it’s finished.
    .in-app-title = Rescheduled: maintenance on { $product }
    .in-app-body = The planned maintenance on { $product } has moved to { $window }.
    .summary = Maintenance on { $product } has been rescheduled for { $window }.

# A reminder of scheduled work, sent some time before it starts (the
# customer chose nothing: the notice asked for it). $starts_in is how long
# before, written out by starts-in below ("in 1 hour"); $window as above.
notice-reminder = Reminder: maintenance on { $product } starts { $starts_in }
    .status = Starting soon
    .heading = Planned maintenance on { $product } starts { $starts_in }
    .lead = As we announced, our planned maintenance on { $product } is scheduled for { $window }. While the work is underway, { $product } may be unavailable for short periods.
    .advice = You don’t need to do anything. We’ll let you know when the work starts and when it’s finished.
    .in-app-title = Starting soon: maintenance on { $product }
    .in-app-body = Planned maintenance on { $product } starts { $starts_in }: { $window }.
    .summary = Maintenance on { $product } starts { $starts_in }: { $window }.

notice-cancelled = Planned maintenance on { $product } has been canceled
    .status = Canceled
    .heading = We’ve canceled the planned maintenance on { $product }
    .lead = The maintenance on { $product } that was planned for { $window } won’t take place. { $product } will remain available as usual.
    .advice = You don’t need to do anything. If we plan the work again, we’ll let you know in advance.
    .in-app-title = Canceled: maintenance on { $product }
    .in-app-body = The planned maintenance on { $product } for { $window } has been canceled.
    .summary = Maintenance on { $product } has been canceled.

## How serious it is, shown under the heading (not on monitoring, resolved,
## completed or cancelled notices).

severity = { $severity ->
        [critical] Impact: critical—{ $product } is down
        [major] Impact: major—{ $product } is seriously disrupted
        [maintenance] Impact: planned maintenance
       *[minor] Impact: minor—some parts of { $product } are affected
    }

## The lines with dates and times, in the customer's time zone.

started-at = Started: { DATETIME($started, dateStyle: "full", timeStyle: "short", timeZoneName: "short") }
starts-at = Scheduled to start: { DATETIME($started, dateStyle: "full", timeStyle: "short", timeZoneName: "short") }
resolved-at = Resolved: { DATETIME($resolved, dateStyle: "full", timeStyle: "short", timeZoneName: "short") }
completed-at = Completed: { DATETIME($resolved, dateStyle: "full", timeStyle: "short", timeZoneName: "short") }
updated-at = Update { $revision }, posted { DATETIME($updated, dateStyle: "long", timeStyle: "short", timeZoneName: "short") }

# When planned work takes place, in the customer's time zone. Each gets
# $from (the start) and, but for window-open, $until (the end), and is
# passed to other messages as $window. To select on, like the other dates:
# $from_day, $from_hour, $from_minute, $until_day, $until_hour, $until_minute.
# Name the zone in a way that holds on both sides of a change to summer time
# (a generic name such as "Netherlands Time" or "ET", or the zone's place):
# work from 1:00 CET to 4:00 CEST is not "1:00–4:00 CEST".
# Within one day: the date once, then both times.
window = { DATETIME($from, weekday: "long", month: "long", day: "numeric") }, { DATETIME($from, hour: "numeric", minute: "2-digit") }–{ DATETIME($until, hour: "numeric", minute: "2-digit") } { DATETIME($until, dateStyle: "none", timeStyle: "none", timeZoneName: "shortGeneric") }
# Past midnight: both dates with their times.
window-days = { DATETIME($from, weekday: "long", month: "long", day: "numeric", hour: "numeric", minute: "2-digit") } – { DATETIME($until, weekday: "long", month: "long", day: "numeric", hour: "numeric", minute: "2-digit") } { DATETIME($until, dateStyle: "none", timeStyle: "none", timeZoneName: "shortGeneric") }
# No end was planned: the start alone.
window-open = { DATETIME($from, weekday: "long", month: "long", day: "numeric") }, { DATETIME($from, hour: "numeric", minute: "2-digit") } { DATETIME($from, dateStyle: "none", timeStyle: "none", timeZoneName: "shortGeneric") }
# The line with the window: on cancelled notices, and on scheduled and
# in-progress ones when an end was planned (else starts-at or started-at).
planned-for = Planned for: { $window }
# The same line on a cancelled notice: when the work would have taken place.
was-planned-for = Originally planned for: { $window }
# How long before the work a reminder is sent: $lead whole days (from two
# days on), hours or minutes, as $lead_unit says.
starts-in = { $lead_unit ->
        [day] { $lead ->
            [one] in 1 day
           *[other] in { $lead } days
        }
        [hour] { $lead ->
            [one] in 1 hour
           *[other] in { $lead } hours
        }
       *[minute] { $lead ->
            [one] in 1 minute
           *[other] in { $lead } minutes
        }
    }

# Above the first paragraph, for a customer who hears of an incident for the
# first time from a later update: it moved onto something they follow, or
# up to a severity they asked to hear about.
joined-late = { $kind ->
        [maintenance] This is the first notice we’re sending you about this planned maintenance, because it now affects something you follow.
       *[outage] This incident began earlier, on { DATETIME($started, dateStyle: "long", timeStyle: "none", timeZoneName: "none") }, at { DATETIME($started, hour: "numeric", minute: "2-digit") } { DATETIME($started, dateStyle: "none", timeStyle: "none", timeZoneName: "short") }. This is the first update we’re sending you about it, because it now affects something you follow or has reached a severity level you chose to be notified about.
    }

# How long it lasted, on resolved and completed notices.
duration = { $hours ->
        [0] { $minutes ->
                [0] Duration: less than a minute
                [one] Duration: { $minutes } minute
               *[other] Duration: { $minutes } minutes
            }
       *[other] { $minutes ->
                [0] { $hours ->
                        [one] Duration: { $hours } hour
                       *[other] Duration: { $hours } hours
                    }
                [one] { $hours ->
                        [one] Duration: { $hours } hour and { $minutes } minute
                       *[other] Duration: { $hours } hours and { $minutes } minute
                    }
               *[other] { $hours ->
                        [one] Duration: { $hours } hour and { $minutes } minutes
                       *[other] Duration: { $hours } hours and { $minutes } minutes
                    }
            }
    }

## When the next update is due (not on resolved, completed or cancelled
## notices, nor on reminders).

next-update-minutes = { $next_minutes ->
        [one] We’ll post the next update within a minute.
       *[other] We’ll post the next update within { $next_minutes } minutes.
    }
next-update-hours = { $next_hours ->
        [one] We’ll post the next update within an hour.
       *[other] We’ll post the next update within { $next_hours } hours.
    }
# More than an hour, not whole hours: $next_hours and $next_rest_minutes
# (1 and 44 for 104 minutes), each from 1 on.
next-update-hours-minutes = { $next_hours ->
        [one] { $next_rest_minutes ->
            [30] We’ll post the next update within an hour and a half.
            [one] We’ll post the next update within 1 hour and 1 minute.
           *[other] We’ll post the next update within 1 hour and { $next_rest_minutes } minutes.
        }
       *[other] { $next_rest_minutes ->
            [one] We’ll post the next update within { $next_hours } hours and 1 minute.
           *[other] We’ll post the next update within { $next_hours } hours and { $next_rest_minutes } minutes.
        }
    }
next-update-on-change = We’ll send you an update as soon as anything changes.

## The details our team wrote about this update.

details-heading = What we know
# Shown under the heading when the details are in another language. It
# carries its own brackets (Japanese writes （…）), in text and HTML alike.
details-not-in-your-language = (This part hasn’t been translated into your language yet.)

## The Atom feed of incidents and maintenance.

# The feed's title; $site is the service's name as the operator gives it
# ("Creator", "Example Cloud").
feed-title = { $site } status: incidents and planned maintenance

## The footer of every email.

footer-reason = { $kind ->
        [maintenance] You’re receiving this email because you use { $product } and your account is set up to get notices about planned maintenance that affects it.
       *[outage] You’re receiving this email because you use { $product } and your account is set up to get notices about incidents that affect it.
    }
footer-status-page = Follow live updates on our status page: { $status_page }
status-page-link = View the status page

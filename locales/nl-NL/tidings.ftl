# tidings: incident notices, Dutch (Netherlands).
#
# Translated from en-US, which is the source of truth: this file defines the
# same messages and attributes, and uses only the variables used there.
#
# Register: informal but professional "je/jij" throughout (never "u"), as
# modern Dutch software companies write to their customers. "We" rather than
# "wij", "e-mail" with a hyphen, "storing" for an incident/disruption only;
# planned work is "onderhoud" or "werkzaamheden", never "storing".
#
# $product is used bare, as a proper name: no article, singular verb
# ("Payments werkt", "Calendar is … niet beschikbaar"), after "bij", "aan",
# "met" or "van" ("storing bij Online Store", "onderhoud aan Inbox").
#
# Dates: the date, the time and the zone are formatted apart, and the words
# "om" and "uur" are written here by hand, in every date line ("maandag
# 14 maart 2022 om 08:30 uur CET"): the CLDR pattern adds neither when the
# parts are formatted apart. Hours are 24-hour, two digits ("00:05 uur").
#
# Variables selected on: $kind (maintenance | outage, default outage) in
# joined-late, next-update-on-change and footer-reason; $severity in
# severity; $hours and $minutes in duration ([0] minutes: "minder dan een
# minuut"); $lead_unit and $lead in starts-in; $next_minutes and
# $next_hours and $next_rest_minutes in next-update-*
# ([30] with one hour: "anderhalf uur"). Plurals are CLDR one/other: only 1 is [one].
#
# Planned work (maintenance) also passes, as en-US does:
#   $window           when the work is planned, already written out by the
#                     window messages below ("zondag 1 maart 01:00–03:00 uur (tijd in
#                     Nederland)"; "CET" would be wrong in summer)
#   $previous_window  on a reschedule: when it was planned before, likewise
#   $starts_in        on a reminder: how long before the start, written out
#                     by starts-in below ("over 2 dagen", "over een uur")
# A window may be one day, two dates or only a start, so sentences take it
# after "voor" or "naar" ("gepland stond voor …", "verplaatst naar …"),
# which read well before all three, or after a colon ("…: { $window }");
# never "op" or "van".

## One message per status. Its value is the email subject; the attributes are
## the heading, the two body paragraphs, the in-app title and body, the status
## label and the one-line summary sent in webhooks.

notice-investigating = { $product }: we onderzoeken een storing
    .status = In onderzoek
    .heading = We zoeken uit wat er aan de hand is met { $product }
    .lead = { $product } werkt niet zoals het hoort. Onze engineers zoeken op dit moment uit wat de oorzaak is.
    .advice = Je hoeft niets te doen. We houden je op de hoogte tot het probleem is opgelost.
    .in-app-title = In onderzoek: storing bij { $product }
    .in-app-body = { $product } werkt niet zoals het hoort. We onderzoeken het probleem en houden je hier op de hoogte.
    .summary = We onderzoeken een storing bij { $product }.

notice-identified = { $product }: oorzaak gevonden, we werken aan een oplossing
    .status = Oorzaak gevonden
    .heading = We hebben de oorzaak van het probleem met { $product } gevonden
    .lead = We weten wat het probleem met { $product } veroorzaakt en werken nu aan een oplossing.
    .advice = Totdat het probleem is verholpen, werkt { $product } mogelijk nog niet goed. We laten het je weten zodra de oplossing is doorgevoerd.
    .in-app-title = Oorzaak gevonden: storing bij { $product }
    .in-app-body = We hebben de oorzaak van de storing bij { $product } gevonden en werken aan een oplossing.
    .summary = We hebben de oorzaak van de storing bij { $product } gevonden en werken aan een oplossing.

notice-monitoring = { $product }: oplossing doorgevoerd, we volgen het herstel
    .status = Herstel loopt
    .heading = { $product } komt weer op gang
    .lead = We hebben een oplossing doorgevoerd en { $product } komt weer op gang. We houden de situatie nauwlettend in de gaten tot alles weer helemaal normaal werkt.
    .advice = Werkt er bij jou nog iets niet? Neem dan contact op met ons supportteam.
    .in-app-title = Oplossing doorgevoerd: { $product } komt weer op gang
    .in-app-body = Er is een oplossing doorgevoerd en { $product } komt weer op gang. We houden alles nauwlettend in de gaten.
    .summary = Er is een oplossing doorgevoerd en { $product } komt weer op gang.

notice-resolved = Opgelost: { $product } werkt weer normaal
    .status = Opgelost
    .heading = { $product } werkt weer normaal
    .lead = Het probleem met { $product } is opgelost en alles werkt weer zoals het hoort.
    .advice = Onze excuses voor de overlast. We zoeken goed uit wat er is misgegaan en hoe we kunnen voorkomen dat dit nog eens gebeurt.
    .in-app-title = Opgelost: { $product } werkt weer normaal
    .in-app-body = Het probleem met { $product } is opgelost. Onze excuses voor de overlast.
    .summary = De storing bij { $product } is opgelost.

notice-scheduled = Gepland onderhoud aan { $product }
    .status = Gepland
    .heading = Gepland onderhoud aan { $product }
    .lead = We gaan onderhoud aan { $product } uitvoeren. Tijdens de werkzaamheden is { $product } mogelijk af en toe even niet beschikbaar.
    .advice = Je hoeft niets te doen. We laten het je weten wanneer de werkzaamheden beginnen en wanneer ze klaar zijn.
    .in-app-title = Gepland onderhoud: { $product }
    .in-app-body = Gepland onderhoud aan { $product }: { $window }. Tijdens de werkzaamheden is { $product } mogelijk even niet beschikbaar.
    .summary = Er staat onderhoud aan { $product } gepland.

notice-in-progress = Onderhoud aan { $product } is begonnen
    .status = In uitvoering
    .heading = We voeren nu onderhoud uit aan { $product }
    .lead = Het geplande onderhoud aan { $product } is begonnen. Zolang we bezig zijn, is { $product } mogelijk af en toe even niet beschikbaar.
    .advice = Je hoeft niets te doen. We laten het je weten zodra de werkzaamheden klaar zijn.
    .in-app-title = Onderhoud in uitvoering: { $product }
    .in-app-body = Het geplande onderhoud aan { $product } is in uitvoering. { $product } is mogelijk even niet beschikbaar.
    .summary = Onderhoud aan { $product } is in uitvoering.

notice-completed = Onderhoud aan { $product } is afgerond
    .status = Afgerond
    .heading = Onderhoud aan { $product } is afgerond
    .lead = We hebben het geplande onderhoud aan { $product } afgerond en alles werkt zoals het hoort.
    .advice = Bedankt voor je geduld. Werkt er iets niet zoals je verwacht? Neem dan contact op met ons supportteam.
    .in-app-title = Onderhoud afgerond: { $product }
    .in-app-body = Het geplande onderhoud aan { $product } is afgerond en alles werkt zoals het hoort.
    .summary = Onderhoud aan { $product } is afgerond.

notice-rescheduled = Gepland onderhoud aan { $product } is verplaatst
    .status = Verplaatst
    .heading = We hebben het geplande onderhoud aan { $product } verplaatst
    .lead = Het onderhoud aan { $product } dat gepland stond voor { $previous_window }, is verplaatst naar { $window }.
    .advice = Je hoeft niets te doen. We laten het je weten wanneer de werkzaamheden beginnen en wanneer ze klaar zijn.
    .in-app-title = Onderhoud verplaatst: { $product }
    .in-app-body = Het geplande onderhoud aan { $product } is verplaatst naar { $window }.
    .summary = Onderhoud aan { $product } is verplaatst naar { $window }.

notice-reminder = Herinnering: onderhoud aan { $product } begint { $starts_in }
    .status = Begint binnenkort
    .heading = Het geplande onderhoud aan { $product } begint { $starts_in }
    .lead = Zoals aangekondigd staat het onderhoud aan { $product } gepland voor { $window }. Tijdens de werkzaamheden is { $product } mogelijk af en toe even niet beschikbaar.
    .advice = Je hoeft niets te doen. We laten het je weten wanneer de werkzaamheden beginnen en wanneer ze klaar zijn.
    .in-app-title = Herinnering: onderhoud aan { $product }
    .in-app-body = Het geplande onderhoud aan { $product } begint { $starts_in }: { $window }.
    .summary = Onderhoud aan { $product } begint { $starts_in }: { $window }.

notice-cancelled = Gepland onderhoud aan { $product } gaat niet door
    .status = Geannuleerd
    .heading = We hebben het geplande onderhoud aan { $product } geannuleerd
    .lead = Het onderhoud aan { $product } dat gepland stond voor { $window }, gaat niet door. { $product } blijft gewoon beschikbaar.
    .advice = Je hoeft niets te doen. Als we het onderhoud opnieuw inplannen, laten we het je van tevoren weten.
    .in-app-title = Onderhoud geannuleerd: { $product }
    .in-app-body = Het onderhoud aan { $product } dat gepland stond voor { $window }, is geannuleerd.
    .summary = Onderhoud aan { $product } is geannuleerd.

## How serious it is, shown under the heading. Worded as a description of the
## incident (noun phrase), not a present-tense state: it is also shown while
## the product is already recovering (monitoring).

severity = { $severity ->
        [critical] Impact: kritiek – uitval van { $product }
        [major] Impact: groot – ernstige verstoring van { $product }
        [maintenance] Impact: gepland onderhoud
       *[minor] Impact: beperkt – verstoring van enkele onderdelen van { $product }
    }

## The lines with dates and times, in the customer's time zone.

started-at = Gestart: { DATETIME($started, dateStyle: "full", timeStyle: "none", timeZoneName: "none") } om { DATETIME($started, hour: "2-digit", minute: "2-digit") } uur { DATETIME($started, dateStyle: "none", timeStyle: "none", timeZoneName: "short") }
starts-at = Geplande start: { DATETIME($started, dateStyle: "full", timeStyle: "none", timeZoneName: "none") } om { DATETIME($started, hour: "2-digit", minute: "2-digit") } uur { DATETIME($started, dateStyle: "none", timeStyle: "none", timeZoneName: "short") }
resolved-at = Opgelost: { DATETIME($resolved, dateStyle: "full", timeStyle: "none", timeZoneName: "none") } om { DATETIME($resolved, hour: "2-digit", minute: "2-digit") } uur { DATETIME($resolved, dateStyle: "none", timeStyle: "none", timeZoneName: "short") }
completed-at = Afgerond: { DATETIME($resolved, dateStyle: "full", timeStyle: "none", timeZoneName: "none") } om { DATETIME($resolved, hour: "2-digit", minute: "2-digit") } uur { DATETIME($resolved, dateStyle: "none", timeStyle: "none", timeZoneName: "short") }
updated-at = Update { $revision }, geplaatst op { DATETIME($updated, dateStyle: "long", timeStyle: "none", timeZoneName: "none") } om { DATETIME($updated, hour: "2-digit", minute: "2-digit") } uur { DATETIME($updated, dateStyle: "none", timeStyle: "none", timeZoneName: "short") }

# When planned work takes place, in the customer's time zone. Each gets
# $from (the start) and, but for window-open, $until (the end), and is
# passed to other messages as $window. Times as in the lines above
# ("01:00 uur"), ranges with an en dash, the zone once at the end.
# Within one day: the date once, then both times.
window = { DATETIME($from, weekday: "long", month: "long", day: "numeric") } { DATETIME($from, hour: "2-digit", minute: "2-digit") }–{ DATETIME($until, hour: "2-digit", minute: "2-digit") } uur ({ DATETIME($until, dateStyle: "none", timeStyle: "none", timeZoneName: "location") })
# Past midnight: both dates with their times.
window-days = { DATETIME($from, weekday: "long", month: "long", day: "numeric") } { DATETIME($from, hour: "2-digit", minute: "2-digit") } uur – { DATETIME($until, weekday: "long", month: "long", day: "numeric") } { DATETIME($until, hour: "2-digit", minute: "2-digit") } uur ({ DATETIME($until, dateStyle: "none", timeStyle: "none", timeZoneName: "location") })
# No end was planned: the start alone.
window-open = { DATETIME($from, weekday: "long", month: "long", day: "numeric") } om { DATETIME($from, hour: "2-digit", minute: "2-digit") } uur ({ DATETIME($from, dateStyle: "none", timeStyle: "none", timeZoneName: "location") })
# The line with the window, on scheduled, in-progress and cancelled notices.
planned-for = Gepland: { $window }
# On a cancelled notice: "voor", as in the sentences that take $window.
was-planned-for = Oorspronkelijk gepland voor: { $window }
starts-in = { $lead_unit ->
        [day] { $lead ->
            [one] over een dag
           *[other] over { $lead } dagen
        }
        [hour] { $lead ->
            [one] over een uur
           *[other] over { $lead } uur
        }
       *[minute] { $lead ->
            [one] over een minuut
           *[other] over { $lead } minuten
        }
    }

# Above the first paragraph, for a customer who hears of an incident for the
# first time from a later update: it moved onto something they follow, or
# up to a severity they asked to hear about. The outage text names both
# reasons; planned work only ever moves onto something they follow.
joined-late = { $kind ->
        [maintenance] Je krijgt nu voor het eerst bericht over dit geplande onderhoud, omdat het inmiddels ook betrekking heeft op iets wat je volgt.
       *[outage] Deze storing is al begonnen op { DATETIME($started, dateStyle: "long", timeStyle: "none", timeZoneName: "none") } om { DATETIME($started, hour: "2-digit", minute: "2-digit") } uur { DATETIME($started, dateStyle: "none", timeStyle: "none", timeZoneName: "short") }. Je krijgt er nu voor het eerst een update over, omdat de storing inmiddels ook gevolgen heeft voor iets wat je volgt, of omdat de impact het niveau heeft bereikt waarvoor je meldingen wilt ontvangen.
    }

# How long it lasted, on resolved and completed notices.
# Dutch "uur" does not change after a number ("1 uur", "3 uur"), so only the
# minutes need a plural selector; minutes are written out in full.
duration = { $hours ->
        [0] { $minutes ->
                [0] Duur: minder dan een minuut
                [one] Duur: { $minutes } minuut
               *[other] Duur: { $minutes } minuten
            }
       *[other] { $minutes ->
                [0] Duur: { $hours } uur
                [one] Duur: { $hours } uur en { $minutes } minuut
               *[other] Duur: { $hours } uur en { $minutes } minuten
            }
    }

## When the next update is due (not on resolved or completed notices).

next-update-minutes = { $next_minutes ->
        [one] Binnen een minuut volgt een nieuwe update.
       *[other] Binnen { $next_minutes } minuten volgt een nieuwe update.
    }
next-update-hours = { $next_hours ->
        [one] Binnen een uur volgt een nieuwe update.
       *[other] Binnen { $next_hours } uur volgt een nieuwe update.
    }
# Over an hour, not whole hours: numerals throughout ("1 uur en 44 minuten",
# not "een uur en 44 minuten"); "uur" does not change after a number. Half
# past a single hour is "anderhalf uur", as Dutch says it.
next-update-hours-minutes = { $next_hours ->
        [one] { $next_rest_minutes ->
            [30] Binnen anderhalf uur volgt een nieuwe update.
            [one] Binnen 1 uur en 1 minuut volgt een nieuwe update.
           *[other] Binnen 1 uur en { $next_rest_minutes } minuten volgt een nieuwe update.
        }
       *[other] { $next_rest_minutes ->
            [one] Binnen { $next_hours } uur en 1 minuut volgt een nieuwe update.
           *[other] Binnen { $next_hours } uur en { $next_rest_minutes } minuten volgt een nieuwe update.
        }
    }
next-update-on-change = { $kind ->
        [maintenance] Verandert er iets, dan hoor je het meteen van ons.
       *[outage] We sturen je een update zodra er iets verandert.
    }

## The details our team wrote about this update.

details-heading = Toelichting
# Carries its own round brackets, as Dutch writes them.
details-not-in-your-language = (Dit deel is nog niet in het Nederlands vertaald.)

## The footer of every email.

footer-reason = { $kind ->
        [maintenance] Je ontvangt deze e-mail omdat je { $product } gebruikt en meldingen over gepland onderhoud voor je account aanstaan.
       *[outage] Je ontvangt deze e-mail omdat je { $product } gebruikt en storingsmeldingen voor je account aanstaan.
    }
footer-status-page = Volg de laatste updates live op onze statuspagina: { $status_page }
status-page-link = Bekijk de statuspagina

## The Atom feed of incidents and maintenance.

feed-title = Status van { $site }: storingen en gepland onderhoud

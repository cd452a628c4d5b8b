# tidings: incident notices, Polish (Poland).
#
# Translated from en-US, which is the source of truth: this file defines the
# same messages and attributes, in the same order, and uses only the
# variables used there.
#
# Register: the formal "Państwo" form, as Polish support teams write to
# business customers ("Nie muszą Państwo nic robić", "poinformujemy
# Państwa", "prosimy o kontakt"); "Państwo/Państwa/Państwu" always with a
# capital P. The company speaks as "my". Outage notices apologise
# ("Przepraszamy za utrudnienia") while the problem lasts and once it is
# resolved.
#
# Wording: "zakłócenia (w działaniu)" for a disruption or incident (plural
# noun: no gender to agree with), "poprawka" for a fix, "prace serwisowe"
# (plural) for planned maintenance, never "zakłócenia" or "awaria";
# "komunikat" for an update ("Komunikat nr 2", "kolejny komunikat"),
# since "aktualizacja" reads as a software update.
#
# Variables passed to every message:
#   $product     the affected product or component, as the customer knows
#                it: any name ("Creator", "Online Store", "Payments",
#                "Inbox", "Calendar"). A foreign name cannot decline, and
#                Polish would need it in six cases and with a gender. So in
#                running text it is always framed by the word "usługa",
#                which declines, with the name in Polish quotation marks
#                after it: "usługa „{ $product }”" (nominative), "usługi
#                „…”", "w usłudze „…”", "z usługą „…”", "z usługi „…”".
#                Verbs, adjectives and pronouns agree with "usługa"
#                (feminine singular: "usługa „Payments” działa", "jej"),
#                never with the name. The name stands bare only as a label
#                before a colon in a subject ("Payments: …") or after one
#                in a title ("Planowane prace serwisowe: Inbox").
#   $severity    critical | major | minor | maintenance
#   $revision    the number of this update (1, 2, 3 …): "Komunikat nr 2"
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
#                     window messages below ("1 marca (niedziela), w godz.
#                     01:00–03:00 (czas: Holandia)"). It begins with the day
#                     of the month and the month in the genitive ("1 marca"),
#                     so it reads bare as a time adverbial ("odbędą się
#                     { $window }"), after "na" ("zaplanowane na { $window }")
#                     and after a colon ("Nowy termin: { $window }"). Do not
#                     put "w" or "od" before it: the weekday would need the
#                     accusative ("w niedzielę"), which DATETIME cannot give,
#                     so the weekday stands in brackets in the nominative.
#   $previous_window  on a reschedule: when it was planned before, likewise
#   $starts_in        on a reminder: how long before the start it is sent,
#                     written out by starts-in below ("za 2 dni", "za
#                     godzinę", "za 5 minut"); it follows the verb
#                     ("rozpoczną się { $starts_in }")
#
# Variables this file selects on:
#   $kind        outage | maintenance (default *[outage]), in every message
#                shared by outages and planned work that would otherwise
#                name one of them: joined-late, next-update-on-change,
#                footer-reason. The other shared lines (started-at,
#                duration, details-heading, the date lines) are worded to
#                suit both ("Początek", "Czas trwania", "Szczegóły").
#   $severity    in severity.
#   $lead_unit   day | hour | minute, and $lead, in starts-in.
#   $hours, $minutes, $next_minutes, $next_hours, $next_rest_minutes,
#                $lead: by exact number
#                ([0]) and by plural category.
# Also available, but not needed in Polish (a time is always "godz. 08:30",
# whatever the hour; a day is always "1 marca"): $started_day,
# $started_hour, $started_minute (likewise updated_, resolved_, and from_,
# until_ in the window messages).
#
# Plurals: Polish has four CLDR categories, chosen on the whole number:
#   one    1                                   1 minuta / za minutę
#   few    2–4, 22–24, 32–34 … 102–104 …       2 minuty, 22 minuty, 104 minuty
#          (but not 12–14, 112–114 …)
#   many   0, 5–21, 25–31 … 111 …              5 minut, 12 minut, 21 minut, 111 minut
#   other  fractions only                      1,5 minuty
# Forms used here: minuta/minutę – minuty – minut – minuty; godzina/godzinę –
# godziny – godzin – godziny; dzień – dni – dni – dnia. The nominative
# follows "Czas trwania:" ("1 godzina i 1 minuta"), the accusative "za"
# ("za godzinę", "za minutę"; the plural forms are the same as the
# nominative). A number key ([0]) wins over the categories; 0 itself would
# be [many].
#
# Dates and times: each date line formats the date, the time and the zone
# apart and writes the words between them by hand, in the usual Polish
# official style: the date with "r." after the year ("poniedziałek, 2 marca
# 2026 r."), then "godz." (or "o godz." in a sentence) before the time, in
# 24-hour form with two digits ("godz. 08:30", "godz. 00:00"), then the
# zone in brackets. The windows leave out the year, as en-US does, and put
# the weekday in brackets after the date ("2 marca (poniedziałek)").
# Ranges of time take an en dash without spaces ("01:00–03:00"); a window
# past midnight joins its two ends with a spaced en dash.
# The zone is timeZoneName "location", CLDR's "czas: Holandia", "czas:
# Polska", "czas: Indie", "czas: Buenos Aires", which holds in summer and
# winter (the long generic "czas środkowoeuropejski" reads in Polish as
# winter time, the opposite of "czas letni"; "CET" is wrong in summer). A
# zone without a place (UTC, Etc/GMT+5) gives its offset instead ("GMT+0",
# "GMT-5"), so nothing around the brackets may need a place name.
#
# Typography: Polish quotation marks „…” (U+201E, U+201D), en dash "–"
# spaced as a dash and unspaced in ranges, "nr" without a full stop.

## One message per status. Its value is the email subject; the attributes are
## the heading, the two body paragraphs, the in-app title and body, the status
## label and the one-line summary sent in webhooks.

notice-investigating = { $product }: zakłócenia w działaniu, trwa analiza
    .status = Analiza problemu
    .heading = Analizujemy problem z usługą „{ $product }”
    .lead = Usługa „{ $product }” nie działa prawidłowo. Nasi inżynierowie ustalają w tej chwili przyczynę. Przepraszamy za utrudnienia.
    .advice = Nie muszą Państwo nic robić. Będziemy informować Państwa na bieżąco aż do rozwiązania problemu.
    .in-app-title = Analiza problemu: zakłócenia w działaniu usługi „{ $product }”
    .in-app-body = Usługa „{ $product }” nie działa prawidłowo. Analizujemy problem i będziemy publikować tutaj kolejne informacje. Przepraszamy za utrudnienia.
    .summary = Analizujemy zakłócenia w działaniu usługi „{ $product }”.

notice-identified = { $product }: przyczyna ustalona, trwają prace nad rozwiązaniem
    .status = Przyczyna ustalona
    .heading = Ustaliliśmy przyczynę problemu z usługą „{ $product }”
    .lead = Wiemy już, co powoduje problem z usługą „{ $product }”, i pracujemy nad jego rozwiązaniem. Przepraszamy za utrudnienia.
    .advice = Do czasu wdrożenia poprawki usługa „{ $product }” może nie działać prawidłowo. Poinformujemy Państwa, gdy tylko to nastąpi.
    .in-app-title = Przyczyna ustalona: zakłócenia w działaniu usługi „{ $product }”
    .in-app-body = Ustaliliśmy przyczynę zakłóceń w działaniu usługi „{ $product }” i pracujemy nad ich usunięciem. Przepraszamy za utrudnienia.
    .summary = Ustaliliśmy przyczynę zakłóceń w działaniu usługi „{ $product }” i pracujemy nad ich usunięciem.

notice-monitoring = { $product }: poprawka wdrożona, monitorujemy działanie usługi
    .status = Monitorowanie
    .heading = Usługa „{ $product }” wraca do normalnego działania
    .lead = Wdrożyliśmy poprawkę i usługa „{ $product }” stopniowo wraca do normalnego działania. Uważnie monitorujemy sytuację, aby mieć pewność, że problem nie powróci.
    .advice = Jeśli coś nadal nie działa prawidłowo, prosimy o kontakt z naszym zespołem wsparcia.
    .in-app-title = Monitorowanie: usługa „{ $product }” wraca do normy
    .in-app-body = Poprawka została wdrożona, a usługa „{ $product }” wraca do normalnego działania. Uważnie monitorujemy sytuację.
    .summary = Poprawka została wdrożona, a usługa „{ $product }” wraca do normalnego działania.

notice-resolved = Rozwiązano: usługa „{ $product }” znów działa normalnie
    .status = Rozwiązano
    .heading = Usługa „{ $product }” znów działa normalnie
    .lead = Problem z usługą „{ $product }” został rozwiązany i wszystko działa już normalnie.
    .advice = Przepraszamy za utrudnienia. Dokładnie przeanalizujemy, co się stało, i podejmiemy działania, aby zapobiec podobnym sytuacjom w przyszłości.
    .in-app-title = Rozwiązano: usługa „{ $product }” działa normalnie
    .in-app-body = Problem z usługą „{ $product }” został rozwiązany. Przepraszamy za utrudnienia.
    .summary = Zakłócenia w działaniu usługi „{ $product }” zostały usunięte.

# Sent days ahead: told in the future ("Przeprowadzimy", "mogą wystąpić",
# perfective), never in a present that reads as happening now.
notice-scheduled = Planowane prace serwisowe w usłudze „{ $product }”
    .status = Zaplanowano
    .heading = Planowane prace serwisowe w usłudze „{ $product }”
    .lead = Przeprowadzimy planowane prace serwisowe w usłudze „{ $product }”. W ich trakcie mogą wystąpić krótkie przerwy w dostępności usługi „{ $product }”.
    .advice = Nie muszą Państwo nic robić. Poinformujemy Państwa o rozpoczęciu i zakończeniu prac.
    .in-app-title = Planowane prace serwisowe: { $product }
    .in-app-body = Planowane prace serwisowe w usłudze „{ $product }”: { $window }. W ich trakcie mogą wystąpić krótkie przerwy w dostępności usługi.
    .summary = Zaplanowano prace serwisowe w usłudze „{ $product }”.

notice-in-progress = Rozpoczęły się prace serwisowe w usłudze „{ $product }”
    .status = W toku
    .heading = Trwają prace serwisowe w usłudze „{ $product }”
    .lead = Rozpoczęliśmy planowane prace serwisowe w usłudze „{ $product }”. Do czasu ich zakończenia usługa „{ $product }” może być chwilowo niedostępna.
    .advice = Nie muszą Państwo nic robić. Poinformujemy Państwa, gdy tylko prace zostaną zakończone.
    .in-app-title = Prace serwisowe w toku: { $product }
    .in-app-body = Trwają planowane prace serwisowe w usłudze „{ $product }”. Usługa może być chwilowo niedostępna.
    .summary = Trwają prace serwisowe w usłudze „{ $product }”.

notice-completed = Zakończono prace serwisowe w usłudze „{ $product }”
    .status = Zakończono
    .heading = Prace serwisowe w usłudze „{ $product }” zostały zakończone
    .lead = Zakończyliśmy planowane prace serwisowe w usłudze „{ $product }” i wszystko działa normalnie.
    .advice = Dziękujemy za cierpliwość. Jeśli coś nie działa zgodnie z oczekiwaniami, prosimy o kontakt z naszym zespołem wsparcia.
    .in-app-title = Prace serwisowe zakończone: { $product }
    .in-app-body = Planowane prace serwisowe w usłudze „{ $product }” zostały zakończone i wszystko działa normalnie.
    .summary = Prace serwisowe w usłudze „{ $product }” zostały zakończone.

# The two windows follow a colon each, so that a window of two dates reads
# as well as one of a single day.
notice-rescheduled = Zmiana terminu prac serwisowych w usłudze „{ $product }”
    .status = Zmiana terminu
    .heading = Zmieniliśmy termin planowanych prac serwisowych w usłudze „{ $product }”
    .lead = Planowane prace serwisowe w usłudze „{ $product }” odbędą się w innym terminie. Nowy termin: { $window }. Poprzedni termin: { $previous_window }.
    .advice = Nie muszą Państwo nic robić. Poinformujemy Państwa o rozpoczęciu i zakończeniu prac.
    .in-app-title = Zmiana terminu: prace serwisowe w usłudze „{ $product }”
    .in-app-body = Nowy termin planowanych prac serwisowych w usłudze „{ $product }”: { $window }.
    .summary = Prace serwisowe w usłudze „{ $product }” zostały przeniesione na nowy termin: { $window }.

# A reminder of scheduled work, sent some time before it starts. $starts_in
# is how long before, written out by starts-in below ("za 2 dni"); $window
# as above, here as a bare time adverbial ("odbędą się { $window }").
notice-reminder = Przypomnienie: prace serwisowe w usłudze „{ $product }” rozpoczną się { $starts_in }
    .status = Wkrótce
    .heading = Planowane prace serwisowe w usłudze „{ $product }” rozpoczną się { $starts_in }
    .lead = Zgodnie z wcześniejszą zapowiedzią planowane prace serwisowe w usłudze „{ $product }” odbędą się { $window }. W ich trakcie mogą wystąpić krótkie przerwy w dostępności usługi „{ $product }”.
    .advice = Nie muszą Państwo nic robić. Poinformujemy Państwa o rozpoczęciu i zakończeniu prac.
    .in-app-title = Zbliżające się prace serwisowe: { $product }
    .in-app-body = Planowane prace serwisowe w usłudze „{ $product }” rozpoczną się { $starts_in }. Termin: { $window }.
    .summary = Prace serwisowe w usłudze „{ $product }” rozpoczną się { $starts_in }. Termin: { $window }.

notice-cancelled = Odwołano planowane prace serwisowe w usłudze „{ $product }”
    .status = Odwołano
    .heading = Odwołaliśmy planowane prace serwisowe w usłudze „{ $product }”
    .lead = Prace serwisowe w usłudze „{ $product }”, które były zaplanowane na { $window }, nie odbędą się. Usługa „{ $product }” pozostaje dostępna jak zwykle.
    .advice = Nie muszą Państwo nic robić. Jeśli wyznaczymy nowy termin prac, poinformujemy Państwa z wyprzedzeniem.
    .in-app-title = Odwołano: prace serwisowe w usłudze „{ $product }”
    .in-app-body = Prace serwisowe w usłudze „{ $product }”, które były zaplanowane na { $window }, zostały odwołane.
    .summary = Prace serwisowe w usłudze „{ $product }” zostały odwołane.

## How serious it is, shown under the heading.

severity = { $severity ->
        [critical] Wpływ: krytyczny – usługa „{ $product }” nie działa
        [major] Wpływ: poważny – znaczące zakłócenia w działaniu usługi „{ $product }”
        [maintenance] Wpływ: planowane prace serwisowe
       *[minor] Wpływ: niewielki – problem dotyczy części funkcji usługi „{ $product }”
    }

## The lines with dates and times, in the customer's time zone.
## Each writes "r.", "godz." and the brackets by hand between the DATETIME
## calls for date, time and zone ("poniedziałek, 2 marca 2026 r., godz.
## 08:30 (czas: Holandia)"); keep them when you edit a date line.

started-at = Początek: { DATETIME($started, dateStyle: "full", timeStyle: "none", timeZoneName: "none") } r., godz. { DATETIME($started, hour: "2-digit", minute: "2-digit") } ({ DATETIME($started, dateStyle: "none", timeStyle: "none", timeZoneName: "location") })
starts-at = Planowany początek: { DATETIME($started, dateStyle: "full", timeStyle: "none", timeZoneName: "none") } r., godz. { DATETIME($started, hour: "2-digit", minute: "2-digit") } ({ DATETIME($started, dateStyle: "none", timeStyle: "none", timeZoneName: "location") })
resolved-at = Rozwiązano: { DATETIME($resolved, dateStyle: "full", timeStyle: "none", timeZoneName: "none") } r., godz. { DATETIME($resolved, hour: "2-digit", minute: "2-digit") } ({ DATETIME($resolved, dateStyle: "none", timeStyle: "none", timeZoneName: "location") })
completed-at = Zakończono: { DATETIME($resolved, dateStyle: "full", timeStyle: "none", timeZoneName: "none") } r., godz. { DATETIME($resolved, hour: "2-digit", minute: "2-digit") } ({ DATETIME($resolved, dateStyle: "none", timeStyle: "none", timeZoneName: "location") })
updated-at = Komunikat nr { $revision }, opublikowany { DATETIME($updated, dateStyle: "long", timeStyle: "none", timeZoneName: "none") } r. o godz. { DATETIME($updated, hour: "2-digit", minute: "2-digit") } ({ DATETIME($updated, dateStyle: "none", timeStyle: "none", timeZoneName: "location") })

# When planned work takes place, in the customer's time zone. Each gets
# $from (the start) and, but for window-open, $until (the end), and is
# passed to other messages as $window. It starts with the day and month in
# the genitive ("1 marca"), the weekday after it in brackets, in the
# nominative ("(niedziela)"), so it reads bare, after "na" and after a
# colon; then "w godz." and the times ("godz." for each end past
# midnight); then the zone by its place, in
# brackets, which holds across a change to summer time ("czas: Holandia";
# "GMT-5" for a zone without a place).
# Within one day: the date once, then both times ("w godz. 01:00–03:00").
window = { DATETIME($from, month: "long", day: "numeric") } ({ DATETIME($from, weekday: "long") }), w godz. { DATETIME($from, hour: "2-digit", minute: "2-digit") }–{ DATETIME($until, hour: "2-digit", minute: "2-digit") } ({ DATETIME($until, dateStyle: "none", timeStyle: "none", timeZoneName: "location") })
# Past midnight: both dates with their times, joined by a spaced en dash.
window-days = { DATETIME($from, month: "long", day: "numeric") } ({ DATETIME($from, weekday: "long") }), godz. { DATETIME($from, hour: "2-digit", minute: "2-digit") } – { DATETIME($until, month: "long", day: "numeric") } ({ DATETIME($until, weekday: "long") }), godz. { DATETIME($until, hour: "2-digit", minute: "2-digit") } ({ DATETIME($until, dateStyle: "none", timeStyle: "none", timeZoneName: "location") })
# No end was planned: the start alone, "od godz." (from then on).
window-open = { DATETIME($from, month: "long", day: "numeric") } ({ DATETIME($from, weekday: "long") }), od godz. { DATETIME($from, hour: "2-digit", minute: "2-digit") } ({ DATETIME($from, dateStyle: "none", timeStyle: "none", timeZoneName: "location") })
# The line with the window, on scheduled, in-progress and cancelled notices.
planned-for = Planowany termin: { $window }
was-planned-for = Pierwotnie planowany termin: { $window }
# How long before the work a reminder is sent: $lead whole days (from two
# days on), hours or minutes, as $lead_unit (day | hour | minute) says.
# After "za", in the accusative: "za godzinę", "za 2 godziny", "za 5 godzin".
starts-in = { $lead_unit ->
        [day] { $lead ->
            [one] za 1 dzień
            [few] za { $lead } dni
            [many] za { $lead } dni
           *[other] za { $lead } dnia
        }
        [hour] { $lead ->
            [one] za godzinę
            [few] za { $lead } godziny
            [many] za { $lead } godzin
           *[other] za { $lead } godziny
        }
       *[minute] { $lead ->
            [one] za minutę
            [few] za { $lead } minuty
            [many] za { $lead } minut
           *[other] za { $lead } minuty
        }
    }

# Above the first paragraph, for a customer who hears of an incident for the
# first time from a later update: it moved onto something they follow, or
# up to a severity they asked to hear about. The outage text names both
# reasons; planned work has no severity of its own.
joined-late = { $kind ->
        [maintenance] To pierwsze powiadomienie, jakie wysyłamy Państwu w sprawie tych planowanych prac serwisowych: dotyczą one teraz usługi lub komponentu, które Państwo obserwują.
       *[outage] Zakłócenia rozpoczęły się wcześniej, { DATETIME($started, dateStyle: "long", timeStyle: "none", timeZoneName: "none") } r. o godz. { DATETIME($started, hour: "2-digit", minute: "2-digit") } ({ DATETIME($started, dateStyle: "none", timeStyle: "none", timeZoneName: "location") }). To nasz pierwszy komunikat do Państwa w tej sprawie: zakłócenia dotyczą teraz usługi lub komponentu, które Państwo obserwują, albo osiągnęły poziom wpływu, od którego chcą Państwo otrzymywać powiadomienia.
    }

# How long it lasted, on resolved and completed notices; after "Czas
# trwania:", in the nominative ("1 godzina i 35 minut", "2 godziny i
# 1 minuta", "25 godzin"). With hours and minutes both non-zero, each
# takes its own plural form, so the two selectors sit side by side.
duration = { $hours ->
        [0] { $minutes ->
                [0] Czas trwania: mniej niż minuta
                [one] Czas trwania: { $minutes } minuta
                [few] Czas trwania: { $minutes } minuty
                [many] Czas trwania: { $minutes } minut
               *[other] Czas trwania: { $minutes } minuty
            }
       *[other] { $minutes ->
                [0] { $hours ->
                        [one] Czas trwania: { $hours } godzina
                        [few] Czas trwania: { $hours } godziny
                        [many] Czas trwania: { $hours } godzin
                       *[other] Czas trwania: { $hours } godziny
                    }
               *[other] Czas trwania: { $hours ->
                        [one] { $hours } godzina
                        [few] { $hours } godziny
                        [many] { $hours } godzin
                       *[other] { $hours } godziny
                    } i { $minutes ->
                        [one] { $minutes } minuta
                        [few] { $minutes } minuty
                        [many] { $minutes } minut
                       *[other] { $minutes } minuty
                    }
            }
    }

## When the next update is due (not on resolved or completed notices).

# "najpóźniej za" + accusative: "za minutę", "za 2 minuty", "za 5 minut",
# "za 21 minut", "za 104 minuty", "za 111 minut".
next-update-minutes = { $next_minutes ->
        [one] Kolejny komunikat opublikujemy najpóźniej za minutę.
        [few] Kolejny komunikat opublikujemy najpóźniej za { $next_minutes } minuty.
        [many] Kolejny komunikat opublikujemy najpóźniej za { $next_minutes } minut.
       *[other] Kolejny komunikat opublikujemy najpóźniej za { $next_minutes } minuty.
    }
next-update-hours = { $next_hours ->
        [one] Kolejny komunikat opublikujemy najpóźniej za godzinę.
        [few] Kolejny komunikat opublikujemy najpóźniej za { $next_hours } godziny.
        [many] Kolejny komunikat opublikujemy najpóźniej za { $next_hours } godzin.
       *[other] Kolejny komunikat opublikujemy najpóźniej za { $next_hours } godziny.
    }
# More than an hour, not whole hours: $next_hours (from 1) and
# $next_rest_minutes (1–59), both after "za", in the accusative: "za
# godzinę i 44 minuty", "za 2 godziny i 1 minutę", "za godzinę i 51 minut".
# Half hours read as Polish says them: "za półtorej godziny", "za 2,5
# godziny" (a fraction takes "godziny").
next-update-hours-minutes = Kolejny komunikat opublikujemy najpóźniej za { $next_rest_minutes ->
        [30] { $next_hours ->
            [one] półtorej godziny
            [few] { $next_hours },5 godziny
            [many] { $next_hours },5 godziny
           *[other] { $next_hours },5 godziny
        }
        [one] { $next_hours ->
            [one] godzinę
            [few] { $next_hours } godziny
            [many] { $next_hours } godzin
           *[other] { $next_hours } godziny
        } i 1 minutę
        [few] { $next_hours ->
            [one] godzinę
            [few] { $next_hours } godziny
            [many] { $next_hours } godzin
           *[other] { $next_hours } godziny
        } i { $next_rest_minutes } minuty
        [many] { $next_hours ->
            [one] godzinę
            [few] { $next_hours } godziny
            [many] { $next_hours } godzin
           *[other] { $next_hours } godziny
        } i { $next_rest_minutes } minut
       *[other] { $next_hours ->
            [one] godzinę
            [few] { $next_hours } godziny
            [many] { $next_hours } godzin
           *[other] { $next_hours } godziny
        } i { $next_rest_minutes } minuty
    }.
# No time promised: on outages, and on planned work before and while it
# runs (so it must not speak of a problem, nor promise news that planned
# work may never have).
next-update-on-change = { $kind ->
        [maintenance] Jeśli w związku z pracami serwisowymi cokolwiek się zmieni, niezwłocznie Państwa o tym poinformujemy.
       *[outage] Gdy tylko sytuacja się zmieni, prześlemy Państwu kolejny komunikat.
    }

## The details our team wrote about this update.

# Neutral: shown on outages and planned work alike.
details-heading = Szczegóły
# Shown under the heading when the details are in another language. It
# carries its own round brackets, in text and HTML alike.
details-not-in-your-language = (Poniższe informacje nie zostały jeszcze przetłumaczone na język polski.)

## The footer of every email.

footer-reason = { $kind ->
        [maintenance] Otrzymują Państwo tę wiadomość, ponieważ korzystają Państwo z usługi „{ $product }”, a w ustawieniach Państwa konta włączone są powiadomienia o planowanych pracach serwisowych w tej usłudze.
       *[outage] Otrzymują Państwo tę wiadomość, ponieważ korzystają Państwo z usługi „{ $product }”, a w ustawieniach Państwa konta włączone są powiadomienia o zakłóceniach w działaniu tej usługi.
    }
footer-status-page = Bieżące informacje mogą Państwo śledzić na naszej stronie statusu: { $status_page }
status-page-link = Przejdź do strony statusu

## The Atom feed of incidents and maintenance.

feed-title = Status usługi „{ $site }”: zakłócenia i planowane prace serwisowe

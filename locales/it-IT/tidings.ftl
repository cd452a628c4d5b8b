# tidings: incident notices, Italian (Italy).
#
# Translated from en-US, the source of truth: same messages and attributes,
# same variables (see the en-US file for what each one holds).
#
# Register: formal "Lei", as Italian customer service writes to paying
# customers. Courtesy forms are capitalized (Lei, La, Le, Sua). Sentences are
# built so that nothing has to agree with the customer's gender ("La
# avviseremo", "Le invieremo", never "La terremo aggiornata/o") or with the
# gender of $product (no article before it, verbs instead of adjectives:
# "{ $product } funziona di nuovo regolarmente"). Product names are brand
# names and take a singular verb ("Payments non funziona"). Never put a noun
# right before $product ("clienti { $product }", "siti { $product }"): it
# reads as "Creator customers"; write "{ $product } non funziona
# correttamente per alcuni clienti".
#
# Terms: disruption = disservizio, status page = pagina di stato,
# planned maintenance = manutenzione programmata. Planned work is never a
# "disservizio": messages shared by outages and maintenance select on $kind.
# Plurals: Italian has the CLDR categories one, many (only round millions)
# and other; many falls to *[other], which reads right.
#
# Dates and times, on every line (the date lines and the windows alike):
# the first of the month is "1º" (with the article: "il 1º marzo"), any
# other day a plain number ("lunedì 2 marzo", "l’8 marzo"); times are
# written by hand from the *_hour and *_minute variables, "alle 8:30",
# with the article elided before 1 ("all’1:15", "dall’1:00"); the zone is
# CLDR's generic name in brackets ("(Ora dell’Europa centrale)", "(Ora del
# Giappone)", "(Ora orientale USA)"), which holds in summer and winter; a
# zone with no place reads "(Tempo coordinato universale)" or "(GMT-05:00)".
# Not "location" ("Ora Paesi Bassi", "Ora Corea del Sud" read as stiff
# labels), nor "city": CLDR gives Italian the English city names ("Rome").
#
# Variables selected on:
#   $kind         outage | maintenance: joined-late, next-update-on-change,
#                 footer-reason
#   $severity     severity
#   $started_day, $resolved_day, $updated_day, $from_day, $until_day:
#                 [1] writes "1º"; updated-at also picks "l’" for 8 and 11
#   $started_hour, $resolved_hour, $updated_hour, $from_hour, $until_hour:
#                 [1] elides the article ("all’1", "dall’1"); with the
#                 matching *_minute they write the time
#   $hours, $minutes, $next_minutes, $next_hours, $next_rest_minutes,
#   $lead_unit, $lead: plurals; [30] rest minutes read "e mezza"
#
# Planned work (maintenance) also passes:
#   $window           when the work is planned, already written out by the
#                     window messages below ("domenica 1º marzo
#                     dall’1:00 alle 3:00 (Ora dell’Europa centrale)"). It begins
#                     with a weekday, or with "da" past midnight, so
#                     sentences put no preposition before it: "prevista
#                     { $window }", "si svolgerà { $window }".
#   $previous_window  on a reschedule: when it was planned before, likewise
#   $starts_in        on a reminder: "tra 2 giorni", "tra un’ora"

## One message per status. Its value is the email subject; the attributes are
## the heading, the two body paragraphs, the in-app title and body, the status
## label and the one-line summary sent in webhooks.

notice-investigating = { $product }: stiamo verificando un disservizio
    .status = Verifica in corso
    .heading = Stiamo verificando un problema che interessa { $product }
    .lead = { $product } non funziona correttamente. I nostri tecnici stanno già lavorando per individuare la causa.
    .advice = Non è richiesta alcuna azione da parte Sua. Le invieremo aggiornamenti fino alla risoluzione del problema.
    .in-app-title = Verifica in corso: disservizio di { $product }
    .in-app-body = { $product } non funziona correttamente. Stiamo verificando il problema e pubblicheremo qui gli aggiornamenti.
    .summary = Stiamo verificando un disservizio di { $product }.

notice-identified = { $product }: causa individuata, correzione in corso
    .status = Causa individuata
    .heading = Abbiamo individuato la causa del disservizio di { $product }
    .lead = Sappiamo da cosa dipende il problema di { $product } e stiamo lavorando per risolverlo.
    .advice = Fino al completamento dell’intervento, { $product } potrebbe non funzionare correttamente. La avviseremo non appena avremo applicato la correzione.
    .in-app-title = Causa individuata: disservizio di { $product }
    .in-app-body = Abbiamo individuato la causa del disservizio di { $product } e stiamo lavorando a una soluzione.
    .summary = Abbiamo individuato la causa del disservizio di { $product } e stiamo lavorando a una soluzione.

notice-monitoring = { $product }: correzione applicata, monitoraggio in corso
    .status = Monitoraggio in corso
    .heading = { $product } sta tornando alla normalità
    .lead = Abbiamo applicato una correzione e { $product } sta tornando alla normalità. Continuiamo a seguire da vicino la situazione per assicurarci che resti stabile.
    .advice = Se dovesse riscontrare ancora problemi, La preghiamo di contattare il nostro team di assistenza.
    .in-app-title = Monitoraggio: { $product } sta tornando alla normalità
    .in-app-body = È stata applicata una correzione e { $product } sta tornando alla normalità. Stiamo monitorando attentamente la situazione.
    .summary = È stata applicata una correzione e { $product } sta tornando alla normalità.

notice-resolved = Risolto: { $product } funziona di nuovo regolarmente
    .status = Risolto
    .heading = { $product } funziona di nuovo regolarmente
    .lead = Il disservizio che ha interessato { $product } è stato risolto e tutto è tornato alla normalità.
    .advice = Ci scusiamo per i disagi causati. Analizzeremo con attenzione quanto accaduto per evitare che si ripeta.
    .in-app-title = Risolto: { $product } funziona regolarmente
    .in-app-body = Il disservizio che ha interessato { $product } è stato risolto. Ci scusiamo per i disagi causati.
    .summary = Il disservizio di { $product } è stato risolto.

notice-scheduled = Manutenzione programmata di { $product }
    .status = Programmata
    .heading = Manutenzione programmata di { $product }
    .lead = Effettueremo un intervento di manutenzione programmata su { $product }. Durante i lavori, { $product } potrebbe non essere disponibile per brevi periodi.
    .advice = Non è richiesta alcuna azione da parte Sua. La avviseremo all’inizio e alla fine dei lavori.
    .in-app-title = Manutenzione programmata: { $product }
    .in-app-body = È prevista una manutenzione di { $product } { $window }. Durante i lavori potrebbero verificarsi brevi interruzioni.
    .summary = È prevista una manutenzione di { $product }.

notice-in-progress = È iniziata la manutenzione di { $product }
    .status = In corso
    .heading = Manutenzione di { $product } in corso
    .lead = La manutenzione programmata di { $product } è iniziata. Durante i lavori, { $product } potrebbe non essere disponibile per brevi periodi.
    .advice = Non è richiesta alcuna azione da parte Sua. La avviseremo non appena i lavori saranno terminati.
    .in-app-title = Manutenzione in corso: { $product }
    .in-app-body = La manutenzione programmata di { $product } è in corso. Potrebbero verificarsi brevi interruzioni.
    .summary = Manutenzione di { $product } in corso.

notice-completed = Manutenzione di { $product } completata
    .status = Completata
    .heading = Manutenzione di { $product } completata
    .lead = Abbiamo completato la manutenzione programmata di { $product } e tutto funziona normalmente.
    .advice = La ringraziamo per la pazienza. Se qualcosa non dovesse funzionare come previsto, La preghiamo di contattare il nostro team di assistenza.
    .in-app-title = Manutenzione completata: { $product }
    .in-app-body = La manutenzione programmata di { $product } è stata completata e tutto funziona normalmente.
    .summary = Manutenzione di { $product } completata.

notice-rescheduled = Manutenzione di { $product } riprogrammata
    .status = Riprogrammata
    .heading = Abbiamo spostato la manutenzione programmata di { $product }
    .lead = La manutenzione programmata di { $product }, inizialmente prevista { $previous_window }, si svolgerà invece { $window }.
    .advice = Non è richiesta alcuna azione da parte Sua. La avviseremo all’inizio e alla fine dei lavori.
    .in-app-title = Manutenzione riprogrammata: { $product }
    .in-app-body = La manutenzione programmata di { $product } è stata spostata: si svolgerà { $window }.
    .summary = Manutenzione di { $product } riprogrammata: si svolgerà { $window }.

notice-reminder = Promemoria: la manutenzione di { $product } inizierà { $starts_in }
    .status = Imminente
    .heading = La manutenzione programmata di { $product } inizierà { $starts_in }
    .lead = Come annunciato, effettueremo un intervento di manutenzione programmata su { $product } { $window }. Durante i lavori, { $product } potrebbe non essere disponibile per brevi periodi.
    .advice = Non è richiesta alcuna azione da parte Sua. La avviseremo all’inizio e alla fine dei lavori.
    .in-app-title = Promemoria manutenzione: { $product }
    .in-app-body = La manutenzione programmata di { $product } inizierà { $starts_in }: { $window }.
    .summary = La manutenzione di { $product }, prevista { $window }, inizierà { $starts_in }.

notice-cancelled = Manutenzione programmata di { $product } annullata
    .status = Annullata
    .heading = Abbiamo annullato la manutenzione programmata di { $product }
    .lead = La manutenzione programmata di { $product }, prevista { $window }, non avrà più luogo. { $product } resterà regolarmente disponibile.
    .advice = Non è richiesta alcuna azione da parte Sua. Se dovessimo riprogrammare i lavori, La avviseremo con anticipo.
    .in-app-title = Manutenzione annullata: { $product }
    .in-app-body = La manutenzione programmata di { $product }, prevista { $window }, è stata annullata.
    .summary = Manutenzione di { $product } annullata.

## How serious it is, shown under the heading.

severity = { $severity ->
        [critical] Impatto: critico – { $product } non disponibile
        [major] Impatto: elevato – gravi malfunzionamenti di { $product }
        [maintenance] Impatto: manutenzione programmata
       *[minor] Impatto: limitato – problemi con alcune funzionalità di { $product }
    }

## The lines with dates and times, in the customer's time zone.

started-at = Inizio: { $started_day ->
        [1] { DATETIME($started, weekday: "long") } 1º { DATETIME($started, month: "long", year: "numeric") }
       *[other] { DATETIME($started, dateStyle: "full", timeStyle: "none", timeZoneName: "none") }
    } { $started_hour ->
        [1] all’1
       *[other] alle { $started_hour }
    }:{ $started_minute } ({ DATETIME($started, dateStyle: "none", timeStyle: "none", timeZoneName: "longGeneric") })
starts-at = Inizio previsto: { $started_day ->
        [1] { DATETIME($started, weekday: "long") } 1º { DATETIME($started, month: "long", year: "numeric") }
       *[other] { DATETIME($started, dateStyle: "full", timeStyle: "none", timeZoneName: "none") }
    } { $started_hour ->
        [1] all’1
       *[other] alle { $started_hour }
    }:{ $started_minute } ({ DATETIME($started, dateStyle: "none", timeStyle: "none", timeZoneName: "longGeneric") })
resolved-at = Risoluzione: { $resolved_day ->
        [1] { DATETIME($resolved, weekday: "long") } 1º { DATETIME($resolved, month: "long", year: "numeric") }
       *[other] { DATETIME($resolved, dateStyle: "full", timeStyle: "none", timeZoneName: "none") }
    } { $resolved_hour ->
        [1] all’1
       *[other] alle { $resolved_hour }
    }:{ $resolved_minute } ({ DATETIME($resolved, dateStyle: "none", timeStyle: "none", timeZoneName: "longGeneric") })
completed-at = Fine lavori: { $resolved_day ->
        [1] { DATETIME($resolved, weekday: "long") } 1º { DATETIME($resolved, month: "long", year: "numeric") }
       *[other] { DATETIME($resolved, dateStyle: "full", timeStyle: "none", timeZoneName: "none") }
    } { $resolved_hour ->
        [1] all’1
       *[other] alle { $resolved_hour }
    }:{ $resolved_minute } ({ DATETIME($resolved, dateStyle: "none", timeStyle: "none", timeZoneName: "longGeneric") })
# With the article, as the day is read: "il 1º marzo" (primo), "l’8 marzo",
# "l’11 marzo", "il 14 marzo". dateStyle "long" has no weekday, so the
# article fits.
updated-at = Aggiornamento n. { $revision }, pubblicato { $updated_day ->
        [1] il 1º { DATETIME($updated, month: "long", year: "numeric") }
        [8] l’{ DATETIME($updated, dateStyle: "long", timeStyle: "none", timeZoneName: "none") }
        [11] l’{ DATETIME($updated, dateStyle: "long", timeStyle: "none", timeZoneName: "none") }
       *[other] il { DATETIME($updated, dateStyle: "long", timeStyle: "none", timeZoneName: "none") }
    } { $updated_hour ->
        [1] all’1
       *[other] alle { $updated_hour }
    }:{ $updated_minute } ({ DATETIME($updated, dateStyle: "none", timeStyle: "none", timeZoneName: "longGeneric") })

# When planned work takes place, in the customer's time zone. Each gets
# $from (the start) and, but for window-open, $until (the end), and is
# passed to other messages as $window. The date, the times and the zone
# are written apart, as on the other date lines: "1º" on the first of the
# month ($from_day, $until_day), hours from $from_hour and $until_hour with
# the article elided before 1 ("dall’1:00", "all’1:00", "dalle 13:00").
# The zone gets its generic name ("Ora dell’Europa centrale", "Ora
# orientale USA"), so it holds in summer and winter ("CET" would be wrong
# in July); a zone with no place (UTC, Etc/GMT+5) falls back to
# "Tempo coordinato universale" or its offset.
# Within one day: the date once, then both times ("domenica 1º marzo
# dall’1:00 alle 3:00 (Ora dell’Europa centrale)").
window = { DATETIME($from, weekday: "long") } { $from_day ->
        [1] 1º
       *[other] { $from_day }
    } { DATETIME($from, month: "long") } { $from_hour ->
        [1] dall’1
       *[other] dalle { $from_hour }
    }:{ $from_minute } { $until_hour ->
        [1] all’1
       *[other] alle { $until_hour }
    }:{ $until_minute } ({ DATETIME($until, dateStyle: "none", timeStyle: "none", timeZoneName: "longGeneric") })
# Past midnight: both dates with their times ("da domenica 1º marzo alle
# 22:00 a lunedì 2 marzo alle 2:30 (Ora dell’Europa centrale)").
window-days = da { DATETIME($from, weekday: "long") } { $from_day ->
        [1] 1º
       *[other] { $from_day }
    } { DATETIME($from, month: "long") } { $from_hour ->
        [1] all’1
       *[other] alle { $from_hour }
    }:{ $from_minute } a { DATETIME($until, weekday: "long") } { $until_day ->
        [1] 1º
       *[other] { $until_day }
    } { DATETIME($until, month: "long") } { $until_hour ->
        [1] all’1
       *[other] alle { $until_hour }
    }:{ $until_minute } ({ DATETIME($until, dateStyle: "none", timeStyle: "none", timeZoneName: "longGeneric") })
# No end was planned: the start alone ("domenica 1º marzo a partire
# dall’1:00 (Ora dell’Europa centrale)").
window-open = { DATETIME($from, weekday: "long") } { $from_day ->
        [1] 1º
       *[other] { $from_day }
    } { DATETIME($from, month: "long") } a partire { $from_hour ->
        [1] dall’1
       *[other] dalle { $from_hour }
    }:{ $from_minute } ({ DATETIME($from, dateStyle: "none", timeStyle: "none", timeZoneName: "longGeneric") })
# The line with the window, on scheduled, in-progress and cancelled notices.
planned-for = Data e orario previsti: { $window }
was-planned-for = Data e orario inizialmente previsti: { $window }
# How long before the work a reminder is sent: $lead days (from two days
# on), hours or minutes, as $lead_unit says; 90 minutes reads "un’ora e mezza".
starts-in = { $lead_unit ->
        [day] { $lead ->
            [one] tra un giorno
           *[other] tra { $lead } giorni
        }
        [hour] { $lead ->
            [one] tra un’ora
           *[other] tra { $lead } ore
        }
       *[minute] { $lead ->
            [90] tra un’ora e mezza
            [one] tra un minuto
           *[other] tra { $lead } minuti
        }
    }

# Above the first paragraph, for a customer who hears of an incident for the
# first time from a later update: it moved onto something they follow, or
# up to a severity they asked to hear about. Worded to fit both reasons.
# The date starts with the weekday, so no article is needed.
joined-late = { $kind ->
        [maintenance] È la prima comunicazione che Le inviamo su questa manutenzione programmata: solo ora rientra nelle impostazioni di notifica del Suo account.
       *[outage] Questo disservizio è iniziato { $started_day ->
            [1] { DATETIME($started, weekday: "long") } 1º { DATETIME($started, month: "long", year: "numeric") }
           *[other] { DATETIME($started, dateStyle: "full", timeStyle: "none", timeZoneName: "none") }
        } { $started_hour ->
            [1] all’1
           *[other] alle { $started_hour }
        }:{ $started_minute } ({ DATETIME($started, dateStyle: "none", timeStyle: "none", timeZoneName: "longGeneric") }). È il primo aggiornamento che Le inviamo in merito: solo ora il disservizio rientra nelle impostazioni di notifica del Suo account.
    }

# How long it lasted, on resolved and completed notices.
duration = { $hours ->
        [0] { $minutes ->
                [0] Durata: meno di un minuto
                [one] Durata: { $minutes } minuto
               *[other] Durata: { $minutes } minuti
            }
       *[other] { $minutes ->
                [0] { $hours ->
                        [one] Durata: { $hours } ora
                       *[other] Durata: { $hours } ore
                    }
               *[other] { $hours ->
                        [one] { $minutes ->
                                [one] Durata: { $hours } ora e { $minutes } minuto
                               *[other] Durata: { $hours } ora e { $minutes } minuti
                            }
                       *[other] { $minutes ->
                                [one] Durata: { $hours } ore e { $minutes } minuto
                               *[other] Durata: { $hours } ore e { $minutes } minuti
                            }
                    }
            }
    }

## When the next update is due (not on resolved or completed notices).

next-update-minutes = { $next_minutes ->
        [one] Pubblicheremo il prossimo aggiornamento entro un minuto.
       *[other] Pubblicheremo il prossimo aggiornamento entro { $next_minutes } minuti.
    }
next-update-hours = { $next_hours ->
        [one] Pubblicheremo il prossimo aggiornamento entro un’ora.
       *[other] Pubblicheremo il prossimo aggiornamento entro { $next_hours } ore.
    }
# More than an hour, not whole hours: "entro un’ora e 44 minuti"; half
# past reads "entro un’ora e mezza", "entro 2 ore e mezza".
next-update-hours-minutes = Pubblicheremo il prossimo aggiornamento entro { $next_hours ->
        [one] un’ora
       *[other] { $next_hours } ore
    } e { $next_rest_minutes ->
        [30] mezza
        [one] un minuto
       *[other] { $next_rest_minutes } minuti
    }.
next-update-on-change = { $kind ->
        [maintenance] Se ci saranno variazioni, Le invieremo un aggiornamento.
       *[outage] Le invieremo un aggiornamento non appena ci saranno novità.
    }

## The details our team wrote about this update.

details-heading = Dettagli
# Carries its own brackets, in text and HTML alike.
details-not-in-your-language = (Questa parte non è ancora stata tradotta in italiano.)

## The footer of every email.

footer-reason = { $kind ->
        [maintenance] Riceve questa email perché utilizza { $product } e per il Suo account sono attivi gli avvisi sulle manutenzioni programmate.
       *[outage] Riceve questa email perché utilizza { $product } e per il Suo account sono attivi gli avvisi sui disservizi.
    }
footer-status-page = Può seguire gli aggiornamenti in tempo reale sulla nostra pagina di stato: { $status_page }
status-page-link = Consulti la pagina di stato

## The Atom feed of incidents and maintenance.

feed-title = Stato di { $site }: disservizi e manutenzioni programmate

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
# "{ $product } funziona di nuovo normalmente").
#
# Terms: disruption = disservizio, status page = pagina di stato,
# planned maintenance = manutenzione programmata.
# Plurals: Italian has the CLDR categories one and other.
#
# Planned work (maintenance) also passes:
#   $window           when the work is planned, already written out by the
#                     window messages below ("domenica 1 marzo dalle ore 01:00
#                     alle ore 03:00 (Ora Paesi Bassi)"). It begins with a weekday, or with
#                     "da" past midnight, so sentences put no preposition
#                     before it: "prevista { $window }", "si svolgerà { $window }".
#   $previous_window  on a reschedule: when it was planned before, likewise

## One message per status. Its value is the email subject; the attributes are
## the heading, the two body paragraphs, the in-app title and body, the status
## label and the one-line summary sent in webhooks.

notice-investigating = { $product }: stiamo verificando un disservizio
    .status = Verifica in corso
    .heading = Stiamo verificando un problema che interessa { $product }
    .lead = Per alcuni clienti { $product } non funziona correttamente. I nostri tecnici stanno già lavorando per individuare la causa.
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
    .advice = Se dovesse riscontrare ancora problemi, può contattare il nostro team di assistenza.
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
    .in-app-body = Effettueremo un intervento di manutenzione programmata su { $product }. Potrebbero verificarsi brevi interruzioni.
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
        [maintenance] Impatto: possibili brevi interruzioni per manutenzione programmata
       *[minor] Impatto: limitato – problemi su alcune funzionalità di { $product }
    }

## The lines with dates and times, in the customer's time zone.

started-at = Inizio: { DATETIME($started, dateStyle: "full", timeStyle: "none", timeZoneName: "none") } { $started_hour ->
        [1] all’1
       *[other] alle { $started_hour }
    }:{ $started_minute } ({ DATETIME($started, dateStyle: "none", timeStyle: "none", timeZoneName: "location") })
starts-at = Inizio previsto: { DATETIME($started, dateStyle: "full", timeStyle: "none", timeZoneName: "none") } { $started_hour ->
        [1] all’1
       *[other] alle { $started_hour }
    }:{ $started_minute } ({ DATETIME($started, dateStyle: "none", timeStyle: "none", timeZoneName: "location") })
resolved-at = Risoluzione: { DATETIME($resolved, dateStyle: "full", timeStyle: "none", timeZoneName: "none") } { $resolved_hour ->
        [1] all’1
       *[other] alle { $resolved_hour }
    }:{ $resolved_minute } ({ DATETIME($resolved, dateStyle: "none", timeStyle: "none", timeZoneName: "location") })
completed-at = Fine lavori: { DATETIME($resolved, dateStyle: "full", timeStyle: "none", timeZoneName: "none") } { $resolved_hour ->
        [1] all’1
       *[other] alle { $resolved_hour }
    }:{ $resolved_minute } ({ DATETIME($resolved, dateStyle: "none", timeStyle: "none", timeZoneName: "location") })
# The article before a date depends on the day: "l’8 marzo", "l’11 marzo",
# "il 14 marzo". dateStyle "long" has no weekday, so the article fits.
updated-at = Aggiornamento n. { $revision }, pubblicato { $updated_day ->
        [1] il 1º { DATETIME($updated, month: "long", year: "numeric") }
        [8] l’{ DATETIME($updated, dateStyle: "long", timeStyle: "none", timeZoneName: "none") }
        [11] l’{ DATETIME($updated, dateStyle: "long", timeStyle: "none", timeZoneName: "none") }
       *[other] il { DATETIME($updated, dateStyle: "long", timeStyle: "none", timeZoneName: "none") }
    } { $updated_hour ->
        [1] all’1
       *[other] alle { $updated_hour }
    }:{ $updated_minute } ({ DATETIME($updated, dateStyle: "none", timeStyle: "none", timeZoneName: "location") })

# When planned work takes place, in the customer's time zone. Each gets
# $from (the start) and, but for window-open, $until (the end), and is
# passed to other messages as $window. Hours are written "01:00": with "ore"
# ("dalle ore 01:00") no elision is needed. CLDR already adds "alle ore"
# when a date and a time are formatted together.
# Within one day: the date once, then both times ("domenica 1 marzo dalle
# ore 01:00 alle ore 03:00 (Ora Paesi Bassi)").
window = { DATETIME($from, weekday: "long", month: "long", day: "numeric") } dalle ore { DATETIME($from, hour: "numeric", minute: "2-digit") } alle ore { DATETIME($until, hour: "numeric", minute: "2-digit") } ({ DATETIME($until, dateStyle: "none", timeStyle: "none", timeZoneName: "location") })
# Past midnight: both dates with their times ("da domenica 1 marzo alle ore
# 22:00 a lunedì 2 marzo alle ore 02:30 (Ora Paesi Bassi)").
window-days = da { DATETIME($from, weekday: "long", month: "long", day: "numeric", hour: "numeric", minute: "2-digit") } a { DATETIME($until, weekday: "long", month: "long", day: "numeric", hour: "numeric", minute: "2-digit") } ({ DATETIME($until, dateStyle: "none", timeStyle: "none", timeZoneName: "location") })
# No end was planned: the start alone ("domenica 1 marzo a partire dalle ore 01:00
# (Ora Paesi Bassi)"). The zone is named by its place on every date line
# (CLDR: "Ora Italia", "Ora New York"), so it holds in summer and winter
# ("CET" would be wrong in July); a zone with no place (UTC, Etc/GMT+5) is
# named by its offset.
window-open = { DATETIME($from, weekday: "long", month: "long", day: "numeric") } a partire dalle ore { DATETIME($from, hour: "numeric", minute: "2-digit") } ({ DATETIME($from, dateStyle: "none", timeStyle: "none", timeZoneName: "location") })
# The line with the window, on scheduled, in-progress and cancelled notices.
planned-for = Data e orario previsti: { $window }
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
# dateStyle "full" starts with the weekday, so no article is needed.
joined-late = { $kind ->
        [maintenance] È la prima comunicazione che Le inviamo su questa manutenzione programmata: solo ora rientra nelle impostazioni di notifica del Suo account.
       *[outage] Questo disservizio è iniziato { DATETIME($started, dateStyle: "full", timeStyle: "none", timeZoneName: "none") } { $started_hour ->
            [1] all’1
           *[other] alle { $started_hour }
        }:{ $started_minute } ({ DATETIME($started, dateStyle: "none", timeStyle: "none", timeZoneName: "location") }). È il primo aggiornamento che Le inviamo in merito: solo ora il disservizio rientra nelle impostazioni di notifica del Suo account.
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
next-update-on-change = Le invieremo un aggiornamento non appena ci saranno novità.

## The details our team wrote about this update.

details-heading = Dettagli
details-not-in-your-language = (Questa parte non è ancora disponibile in italiano.)

## The footer of every email.

footer-reason = Riceve questa email perché utilizza { $product } e per il Suo account sono attivi gli avvisi sui disservizi.
footer-status-page = Può seguire gli aggiornamenti in tempo reale sulla nostra pagina di stato: { $status_page }
status-page-link = Vai alla pagina di stato

# tidings: incident notices, French (France).
#
# Translated from en-US, which remains the source of truth: same messages,
# same attributes, same order, and no variable that en-US does not use.
#
# Register: "vous" throughout, as French customer service writes. The tone is
# calm and direct; apologies use the usual "Veuillez nous excuser / Nous vous
# prions de nous excuser pour la gêne occasionnée".
#
# Notes for translators and reviewers:
#   - $product is any name, as the customer knows it: "Creator", "Online
#     Store", "Payments", "Inbox", "Calendar", or a French one ("Boutique en
#     ligne", "Paiements"). Its gender, number and first letter are unknown,
#     so the text never puts an article or "de"/"que" before it (no "le/la/de
#     { $product }", which would break elision: "d’Inbox"), never makes it the
#     subject of a verb ("Payments fonctionne", "Paiements ne fonctionne pas"
#     read wrong) and never makes an adjective or participle agree with it.
#     It follows a preposition or a verb ("sur { $product }", "avec …", "qui
#     touche …", "vous utilisez …"); the subject is something else ("la
#     situation", "le service", "la maintenance", "tout").
#   - Typography: U+00A0 (no-break space) before ":" and between a number and
#     its unit, U+202F (narrow no-break space) before ";", "!" and "?", and
#     inside « »; typographic apostrophe ’.
#   - Date lines (started-at, starts-at, resolved-at, completed-at,
#     updated-at, joined-late) and the window messages take the weekday, the
#     month and the year from DATETIME and write the rest by hand: "1er" on
#     the first of the month (selected on $…_day), "à" (or "de … à") before
#     the time, the time from $…_hour and $…_minute ("à 8 h 30", "à 0 h 05",
#     "de 13 h 00 à 15 h 00", U+00A0 around "h"), then the zone by its
#     generic name in brackets ("(heure d’Europe centrale)", "(heure de
#     l’Inde)", "(UTC-05:00)"), which holds in summer and winter: that is
#     timeZoneName "longGeneric" ("shortGeneric" and "location" give "heure :
#     Pays-Bas"). UTC itself is written "(UTC)" by DATETIME whatever the
#     style (never "(temps universel coordonné)"). Do not write "(heure de
#     { city })": it can neither elide nor take an article ("de Amsterdam",
#     "de Le Caire").
#     $…_minute is text with two digits ("05", "00"); select [00] to write
#     a time on the hour as "13 h" (not "13 h 00").
#   - Planned work (maintenance) also passes:
#       $window           when the work is planned, already written out by the
#                         window messages below, preposition included: "le
#                         dimanche 8 mars de 1 h 00 à 3 h 00 (heure d’Europe
#                         centrale)", "du … au …", "à partir du …"
#       $previous_window  on a reschedule: when it was planned before, likewise
#       $starts_in        on a reminder: "dans 2 jours", "dans une heure"
#     So a sentence puts no preposition before them: "prévue { $window }",
#     "sur { $product } { $window }", "commence { $starts_in }".
#   - Planned work announced ahead (scheduled, rescheduled, reminder) is told
#     in the future or with its window, never in a bare present ("des
#     interruptions sont possibles" reads as happening now): "sont à prévoir".
#   - Variables selected on:
#       $kind (maintenance | outage, default *[outage]): joined-late,
#         next-update-on-change and footer-reason. A message shown for both
#         must select on it or be neutral ("Détails", "Début", "Durée").
#       $severity: severity.
#       $started_day, $updated_day, $resolved_day, $from_day, $until_day:
#         [1] gives "1er".
#       $hours, $minutes: duration ([0] hours and [0] minutes: "moins d’une
#         minute").
#       $next_minutes, $next_hours, $lead, $lead_unit: plurals.
#   - French plural rules (CLDR): 0 and 1 are "one"; exact millions are
#     "many", which falls to *[other]; everything else (2, 5, 21, 104, 111 …)
#     is "other". Exact values ([0], [90]) are listed before the categories,
#     as the first matching variant wins.

## One message per status. Its value is the email subject; the attributes are
## the heading, the two body paragraphs, the in-app title and body, the status
## label and the one-line summary sent in webhooks.

notice-investigating = { $product } : perturbation en cours d’analyse
    .status = Analyse en cours
    .heading = Nous analysons un problème qui touche { $product }
    .lead = Des dysfonctionnements touchent actuellement { $product }. Nos équipes techniques en recherchent la cause en ce moment même.
    .advice = Vous n’avez rien à faire de votre côté. Nous vous tiendrons au courant jusqu’à la résolution du problème.
    .in-app-title = Analyse en cours : perturbation sur { $product }
    .in-app-body = Des dysfonctionnements touchent actuellement { $product }. Nous analysons le problème et publierons ici les prochaines mises à jour.
    .summary = Nous analysons une perturbation sur { $product }.

notice-identified = { $product } : cause identifiée, correctif en préparation
    .status = Cause identifiée
    .heading = Nous avons identifié l’origine du problème sur { $product }
    .lead = La cause est désormais connue et nos équipes travaillent à un correctif.
    .advice = Des dysfonctionnements peuvent persister sur { $product } jusqu’au déploiement du correctif. Nous vous préviendrons dès qu’il sera en place.
    .in-app-title = Cause identifiée : perturbation sur { $product }
    .in-app-body = Nous avons identifié la cause de la perturbation sur { $product } et travaillons à un correctif.
    .summary = Nous avons identifié la cause de la perturbation sur { $product } et travaillons à un correctif.

notice-monitoring = { $product } : correctif déployé, retour à la normale en cours
    .status = Sous surveillance
    .heading = La situation se rétablit progressivement sur { $product }
    .lead = Nous avons déployé un correctif et la situation s’améliore peu à peu. Nous en suivons l’évolution de près pour nous assurer que l’amélioration se confirme.
    .advice = Si un problème persiste de votre côté, n’hésitez pas à contacter notre équipe d’assistance.
    .in-app-title = Sous surveillance : retour à la normale en cours sur { $product }
    .in-app-body = Un correctif a été déployé sur { $product } et la situation revient progressivement à la normale. Nous la suivons de près.
    .summary = Un correctif a été déployé sur { $product } et la situation revient progressivement à la normale.

notice-resolved = Résolu : fonctionnement normal rétabli sur { $product }
    .status = Résolu
    .heading = Tout fonctionne de nouveau normalement sur { $product }
    .lead = Le problème qui touchait { $product } est résolu et le service est entièrement rétabli.
    .advice = Nous sommes désolés pour les difficultés que ce problème a pu vous causer. Nous allons examiner en détail ce qui s’est passé et faire le nécessaire pour que cela ne se reproduise pas.
    .in-app-title = Résolu : tout fonctionne normalement sur { $product }
    .in-app-body = Le problème qui touchait { $product } est résolu. Veuillez nous excuser pour la gêne occasionnée.
    .summary = La perturbation sur { $product } est résolue.

notice-scheduled = Maintenance programmée sur { $product }
    .status = Programmée
    .heading = Maintenance programmée sur { $product }
    .lead = Nous allons effectuer une opération de maintenance programmée sur { $product }. De courtes interruptions de service sont à prévoir pendant l’intervention.
    .advice = Vous n’avez rien à faire de votre côté. Nous vous préviendrons au début et à la fin de l’intervention.
    .in-app-title = Maintenance programmée : { $product }
    .in-app-body = Une maintenance est programmée sur { $product } { $window }. De courtes interruptions sont à prévoir.
    .summary = Une maintenance est programmée sur { $product }.

notice-in-progress = La maintenance sur { $product } a commencé
    .status = En cours
    .heading = Maintenance en cours sur { $product }
    .lead = Notre opération de maintenance programmée sur { $product } a commencé. De courtes interruptions de service sont possibles pendant l’intervention.
    .advice = Vous n’avez rien à faire de votre côté. Nous vous préviendrons dès la fin de l’intervention.
    .in-app-title = Maintenance en cours : { $product }
    .in-app-body = La maintenance programmée sur { $product } est en cours. De courtes interruptions sont possibles.
    .summary = Maintenance en cours sur { $product }.

notice-completed = La maintenance sur { $product } est terminée
    .status = Terminée
    .heading = La maintenance sur { $product } est terminée
    .lead = Nous avons terminé la maintenance programmée sur { $product } et tout fonctionne normalement.
    .advice = Merci de votre patience. Si vous constatez un problème, n’hésitez pas à contacter notre équipe d’assistance.
    .in-app-title = Maintenance terminée : { $product }
    .in-app-body = La maintenance programmée sur { $product } est terminée et tout fonctionne normalement.
    .summary = La maintenance sur { $product } est terminée.

notice-rescheduled = La maintenance sur { $product } est reprogrammée
    .status = Reprogrammée
    .heading = Nous avons reprogrammé la maintenance prévue sur { $product }
    .lead = La maintenance sur { $product }, initialement prévue { $previous_window }, aura désormais lieu { $window }.
    .advice = Vous n’avez rien à faire de votre côté. Nous vous préviendrons au début et à la fin de l’intervention.
    .in-app-title = Maintenance reprogrammée : { $product }
    .in-app-body = La maintenance programmée sur { $product } aura désormais lieu { $window }.
    .summary = La maintenance sur { $product } est reprogrammée et aura désormais lieu { $window }.

notice-reminder = Rappel : la maintenance programmée sur { $product } commence { $starts_in }
    .status = À venir
    .heading = La maintenance programmée sur { $product } commence { $starts_in }
    .lead = Comme annoncé, nous effectuerons une opération de maintenance programmée sur { $product } { $window }. De courtes interruptions de service sont à prévoir pendant l’intervention.
    .advice = Vous n’avez rien à faire de votre côté. Nous vous préviendrons au début et à la fin de l’intervention.
    .in-app-title = Rappel : maintenance sur { $product }
    .in-app-body = La maintenance programmée sur { $product } commence { $starts_in } : elle aura lieu { $window }.
    .summary = La maintenance sur { $product }, prévue { $window }, commence { $starts_in }.

notice-cancelled = La maintenance programmée sur { $product } est annulée
    .status = Annulée
    .heading = Nous avons annulé la maintenance prévue sur { $product }
    .lead = La maintenance sur { $product }, prévue { $window }, n’aura pas lieu. Le service reste disponible comme d’habitude.
    .advice = Vous n’avez rien à faire de votre côté. Si nous reprogrammons cette maintenance, nous vous préviendrons à l’avance.
    .in-app-title = Maintenance annulée : { $product }
    .in-app-body = La maintenance sur { $product }, prévue { $window }, est annulée.
    .summary = La maintenance sur { $product } est annulée.

## How serious it is, shown under the heading.
# Written as a label (noun phrase), not as news. It is shown on investigating,
# identified and planned-work notices, not once things recover or are over.

severity = { $severity ->
        [critical] Impact : critique – interruption de service
        [major] Impact : majeur – fortes perturbations sur { $product }
        [maintenance] Impact : maintenance programmée
       *[minor] Impact : mineur – certaines fonctionnalités perturbées
    }

## The lines with dates and times, in the customer's time zone.

started-at = Début : { $started_day ->
        [1] { DATETIME($started, weekday: "long") } 1er { DATETIME($started, month: "long", year: "numeric") }
       *[other] { DATETIME($started, dateStyle: "full", timeStyle: "none", timeZoneName: "none") }
    } à { $started_hour } h{ $started_minute ->
        [00] {""}
       *[other]  { $started_minute }
    } ({ DATETIME($started, dateStyle: "none", timeStyle: "none", timeZoneName: "longGeneric") })
starts-at = Début prévu : { $started_day ->
        [1] { DATETIME($started, weekday: "long") } 1er { DATETIME($started, month: "long", year: "numeric") }
       *[other] { DATETIME($started, dateStyle: "full", timeStyle: "none", timeZoneName: "none") }
    } à { $started_hour } h{ $started_minute ->
        [00] {""}
       *[other]  { $started_minute }
    } ({ DATETIME($started, dateStyle: "none", timeStyle: "none", timeZoneName: "longGeneric") })
resolved-at = Fin de l’incident : { $resolved_day ->
        [1] { DATETIME($resolved, weekday: "long") } 1er { DATETIME($resolved, month: "long", year: "numeric") }
       *[other] { DATETIME($resolved, dateStyle: "full", timeStyle: "none", timeZoneName: "none") }
    } à { $resolved_hour } h{ $resolved_minute ->
        [00] {""}
       *[other]  { $resolved_minute }
    } ({ DATETIME($resolved, dateStyle: "none", timeStyle: "none", timeZoneName: "longGeneric") })
completed-at = Fin des travaux : { $resolved_day ->
        [1] { DATETIME($resolved, weekday: "long") } 1er { DATETIME($resolved, month: "long", year: "numeric") }
       *[other] { DATETIME($resolved, dateStyle: "full", timeStyle: "none", timeZoneName: "none") }
    } à { $resolved_hour } h{ $resolved_minute ->
        [00] {""}
       *[other]  { $resolved_minute }
    } ({ DATETIME($resolved, dateStyle: "none", timeStyle: "none", timeZoneName: "longGeneric") })
updated-at = Mise à jour n° { $revision }, publiée le { $updated_day ->
        [1] 1er { DATETIME($updated, month: "long", year: "numeric") }
       *[other] { DATETIME($updated, dateStyle: "long", timeStyle: "none", timeZoneName: "none") }
    } à { $updated_hour } h{ $updated_minute ->
        [00] {""}
       *[other]  { $updated_minute }
    } ({ DATETIME($updated, dateStyle: "none", timeStyle: "none", timeZoneName: "longGeneric") })

# When planned work takes place, in the customer's time zone. Each gets
# $from (the start) and, but for window-open, $until (the end), and is
# passed to other messages as $window. Each starts with its preposition
# ("le", "du … au", "à partir du"); "1er", "de … à" and the "à" before a
# time are written here by hand (DATETIME gives only the weekday and the
# month). The zone is named generically ("heure d’Europe centrale"), which
# holds on either side of a change to or from summer time.
# Within one day: the date once, then both times.
window = le { DATETIME($from, weekday: "long") } { $from_day ->
        [1] 1er
       *[other] { $from_day }
    } { DATETIME($from, month: "long") } de { $from_hour } h{ $from_minute ->
        [00] {""}
       *[other]  { $from_minute }
    } à { $until_hour } h{ $until_minute ->
        [00] {""}
       *[other]  { $until_minute }
    } ({ DATETIME($until, dateStyle: "none", timeStyle: "none", timeZoneName: "longGeneric") })
# Past midnight: both dates with their times.
window-days = du { DATETIME($from, weekday: "long") } { $from_day ->
        [1] 1er
       *[other] { $from_day }
    } { DATETIME($from, month: "long") } à { $from_hour } h{ $from_minute ->
        [00] {""}
       *[other]  { $from_minute }
    } au { DATETIME($until, weekday: "long") } { $until_day ->
        [1] 1er
       *[other] { $until_day }
    } { DATETIME($until, month: "long") } à { $until_hour } h{ $until_minute ->
        [00] {""}
       *[other]  { $until_minute }
    } ({ DATETIME($until, dateStyle: "none", timeStyle: "none", timeZoneName: "longGeneric") })
# No end was planned: the start alone.
window-open = à partir du { DATETIME($from, weekday: "long") } { $from_day ->
        [1] 1er
       *[other] { $from_day }
    } { DATETIME($from, month: "long") } à { $from_hour } h{ $from_minute ->
        [00] {""}
       *[other]  { $from_minute }
    } ({ DATETIME($from, dateStyle: "none", timeStyle: "none", timeZoneName: "longGeneric") })
# The line with the window, on scheduled, in-progress and cancelled notices.
planned-for = Maintenance prévue { $window }
was-planned-for = Maintenance initialement prévue { $window }
starts-in = { $lead_unit ->
        [day] { $lead ->
            [one] dans un jour
           *[other] dans { $lead } jours
        }
        [hour] { $lead ->
            [one] dans une heure
           *[other] dans { $lead } heures
        }
       *[minute] { $lead ->
            [90] dans une heure et demie
            [one] dans une minute
           *[other] dans { $lead } minutes
        }
    }

# Above the first paragraph, for a customer who hears of an incident for the
# first time from a later update: it moved onto something they follow, or
# up to a severity they asked to hear about (outages name both reasons).
joined-late = { $kind ->
        [maintenance] Ce message est le premier que nous vous envoyons au sujet de cette maintenance programmée : elle concerne désormais un service que vous suivez.
       *[outage] Cet incident a débuté le { $started_day ->
            [1] 1er { DATETIME($started, month: "long", year: "numeric") }
           *[other] { DATETIME($started, dateStyle: "long", timeStyle: "none", timeZoneName: "none") }
        } à { $started_hour } h{ $started_minute ->
        [00] {""}
       *[other]  { $started_minute }
    } ({ DATETIME($started, dateStyle: "none", timeStyle: "none", timeZoneName: "longGeneric") }). Ce message est le premier que nous vous envoyons à ce sujet : l’incident concerne désormais un service que vous suivez, ou a atteint un niveau d’impact pour lequel vous avez demandé à recevoir des alertes.
    }

# How long it lasted, on resolved and completed notices.
# [0] minutes with [0] hours means it lasted under a minute.
duration = { $hours ->
        [0] { $minutes ->
                [0] Durée : moins d’une minute
                [one] Durée : { $minutes } minute
               *[other] Durée : { $minutes } minutes
            }
       *[other] { $minutes ->
                [0] { $hours ->
                        [one] Durée : { $hours } heure
                       *[other] Durée : { $hours } heures
                    }
               *[other] Durée : { $hours } h { $minutes } min
            }
    }

## When the next update is due (not on resolved or completed notices).

next-update-minutes = { $next_minutes ->
        [one] Nous publierons une nouvelle mise à jour dans la minute.
       *[other] Nous publierons une nouvelle mise à jour d’ici { $next_minutes } minutes.
    }
next-update-hours = { $next_hours ->
        [one] Nous publierons une nouvelle mise à jour dans l’heure.
       *[other] Nous publierons une nouvelle mise à jour d’ici { $next_hours } heures.
    }
next-update-hours-minutes = Nous publierons une nouvelle mise à jour d’ici { $next_rest_minutes ->
        [30] { $next_hours ->
            [one] une heure et demie
           *[other] { $next_hours } heures et demie
        }
       *[other] { $next_hours ->
            [one] 1 heure
           *[other] { $next_hours } heures
        } et { $next_rest_minutes ->
            [one] 1 minute
           *[other] { $next_rest_minutes } minutes
        }
    }.
next-update-on-change = { $kind ->
        [maintenance] Nous vous enverrons une mise à jour en cas de changement.
       *[outage] Nous vous enverrons une mise à jour dès que la situation évoluera.
    }

## The details our team wrote about this update.

details-heading = Détails
# Shown under the heading when the details are in another language. It
# carries its own brackets (French parentheses), in text and HTML alike.
details-not-in-your-language = (Cette partie n’a pas encore été traduite en français.)

## The footer of every email.

footer-reason = { $kind ->
        [maintenance] Vous recevez cet e-mail parce que vous utilisez { $product } et que les alertes de maintenance programmée sont activées sur votre compte.
       *[outage] Vous recevez cet e-mail parce que vous utilisez { $product } et que les alertes d’incident sont activées sur votre compte.
    }
footer-status-page = Suivez l’évolution en temps réel sur notre page de statut : { $status_page }
status-page-link = Consulter la page de statut

## The Atom feed of incidents and maintenance.

feed-title = { $site } : incidents et maintenances programmées

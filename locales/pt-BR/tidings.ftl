# tidings: incident notices, Brazilian Portuguese (Brazil).
#
# Translated from en-US, which is the source of truth: this file defines the
# same messages and attributes, in the same order, and uses only the
# variables that en-US uses (see en-US/tidings.ftl for the full list).
#
# Register: "você", as Brazilian SaaS support writes to business customers:
# polite, calm and direct, no slang, no exclamation marks. Nothing agrees
# with the customer's gender: no "informado/a", "avisado/a", "obrigado/a";
# write "Avisaremos você", "Agradecemos a sua paciência", "você optou por
# receber avisos". Outage notices apologise ("Pedimos desculpas pelo
# transtorno") while the problem is open and once it is resolved.
#
# Terms: an outage is an "instabilidade" (or "incidente", "problema"); the
# fix is a "correção"; planned work is a "manutenção programada" or "os
# trabalhos", never an "instabilidade" or "incidente"; the status page is
# the "página de status"; "e-mail" with a hyphen.
#
# Variables passed to every message:
#   $product     the affected product or component, any name: "Creator",
#                "Online Store", "Payments", "Inbox", "Calendar", or a
#                Portuguese one ("Loja Online", "Pagamentos"). Portuguese
#                puts an article before a product name and contracts it with
#                the preposition ("no Creator", "na Loja", "nos Pagamentos"),
#                by the name's gender and number, which we cannot know. So in
#                running text the name always follows "serviço", in
#                apposition: "o serviço { $product }", "no serviço …", "do
#                serviço …" (masculine singular whatever the name). It stands
#                bare only as a label before or after a colon in a subject or
#                title ("Creator: estamos investigando…", "Manutenção
#                concluída: Creator"). Never make it the bare subject of a
#                verb ("Payments voltou/voltaram"), nor put an article or an
#                adjective right before it.
#   $severity    critical | major | minor | maintenance
#   $revision    the number of this update (1, 2, 3 …): "Atualização nº 2"
#   $started     when the incident started (or planned work starts); a date
#   $updated     when this update was published; a date
#   $resolved    when the incident was resolved (resolved and completed
#                only); a date
#   $hours, $minutes            a duration: whole hours, remaining minutes
#   $next_hours, $next_minutes  when the next update is due, likewise
#   $status_page the address of the status page
#
# Planned work (maintenance) also passes:
#   $window           when the work is planned, already written out by the
#                     window messages below. It always begins with the
#                     weekday and carries its own "das … às …" or "a partir
#                     das …": "domingo, 1º de março, da 1h às 3h (Horário da
#                     Europa Central)". Sentences take it after "para"
#                     ("prevista para { $window }", "reagendada para …",
#                     which need no article before a weekday) or after a
#                     colon; never after "em"/"no"/"na", which would have to
#                     agree with the weekday ("no domingo", "na segunda").
#   $previous_window  on a reschedule: when it was planned before, likewise
#   $starts_in        on a reminder: written out by starts-in below ("em 2
#                     dias", "em uma hora"); it follows the verb directly
#                     ("começa { $starts_in }")
#
# Variables this file selects on:
#   $kind        outage | maintenance (default *[outage]): joined-late,
#                next-update-on-change and footer-reason. The other shared
#                messages are worded for both ("Início", "Duração",
#                "Detalhes", "Publicaremos a próxima atualização…").
#   $severity    severity
#   $started_day, $updated_day, $resolved_day, $from_day, $until_day:
#                [1] writes the first of the month as an ordinal, "1º de
#                março", as Brazilian Portuguese does; other days are plain
#                numbers ("2 de março")
#   $started_hour, $updated_hour, $resolved_hour, $from_hour, $until_hour:
#                [0] and [1] take the singular "à"/"da" ("à 0h", "à 1h",
#                "da 1h"), every other hour the plural "às"/"das" ("às
#                13h", "das 23h"); the hour itself is written from them
#   $started_minute, $updated_minute, $resolved_minute, $from_minute,
#   $until_minute: text with two digits; [00] leaves the minutes out on
#                the hour ("13h", not "13h00"), otherwise "8h30", "0h05"
#   $lead_unit, $lead   starts-in ([90] minutes is "uma hora e meia")
#   $hours, $minutes    duration ([0] hours and [0] minutes: "menos de um
#                       minuto")
#   $next_minutes, $next_hours, $next_rest_minutes   next-update-* ([30]
#                rest minutes: "uma hora e meia", "2 horas e meia")
#
# Plurals (CLDR, ICU4X, "pt"): "one" is 0 and 1 (i = 0..1), "many" only
# exact millions (it falls to *[other], which reads right), "other" the
# rest: "1 minuto", "2/5/21/104/111 minutos". Since 0 is "one", a zero that
# needs its own text is an exact key ([0]), listed first.
#
# Dates and times, on every date line and in the windows, are built by hand
# around DATETIME, which gives only the weekday ("segunda-feira", weekday
# long), the month ("março", month long) and, on the date lines, the month
# with the year ("março de 2026", month long and year numeric), lowercase as
# CLDR has them; the day, "de", the comma, "às" and the time are written here:
#   - date lines: "segunda-feira, 2 de março de 2026, às 8h30 (Horário da
#     Europa Central)"; updated-at and joined-late leave out the weekday
#     ("publicada em 1º de março de 2026, à 1h20 (…)")
#   - windows: no year, as in en-US: "domingo, 1º de março, das 8h30 às
#     10h30 (…)"; past midnight "domingo, 1º de março, das 23h à 1h de
#     segunda-feira, 2 de março (…)"; with no end "…, a partir das 8h30 (…)"
#   - times are 24-hour in the Brazilian "8h30" form, written from the
#     _hour and _minute variables; the first of the month is "1º".
#   - the zone follows in brackets as timeZoneName "longGeneric", CLDR's
#     generic name, which holds in summer and in winter: "(Horário de
#     Brasília)", "(Horário da Europa Central)", "(Horário da Argentina)",
#     "(Horário Padrão da Índia)", "(Horário Universal Coordenado)"; a zone
#     with no name gives its offset, "(GMT-05:00)". Not "location" (CLDR
#     writes "Horário Países Baixos", without the article) nor "city".
#
# Typography: ordinal indicator º (U+00BA) in "1º" and "nº"; no quotes
# around the product name (the word "serviço" frames it).

## One message per status. Its value is the email subject; the attributes are
## the heading, the two body paragraphs, the in-app title and body, the status
## label and the one-line summary sent in webhooks.

notice-investigating = { $product }: estamos investigando uma instabilidade
    .status = Em investigação
    .heading = Estamos investigando um problema no serviço { $product }
    .lead = O serviço { $product } não está funcionando como deveria. Nossa equipe técnica já está investigando a causa.
    .advice = Você não precisa fazer nada. Enviaremos novas atualizações até que o problema seja resolvido. Pedimos desculpas pelo transtorno.
    .in-app-title = Em investigação: instabilidade no serviço { $product }
    .in-app-body = O serviço { $product } não está funcionando como deveria. Estamos investigando e publicaremos as atualizações aqui.
    .summary = Estamos investigando uma instabilidade no serviço { $product }.

notice-identified = { $product }: causa identificada, correção em andamento
    .status = Causa identificada
    .heading = Identificamos a causa do problema no serviço { $product }
    .lead = Já sabemos o que está causando o problema no serviço { $product } e estamos trabalhando em uma correção.
    .advice = O serviço { $product } pode não funcionar corretamente até que a correção seja aplicada. Avisaremos você assim que isso acontecer. Pedimos desculpas pelo transtorno.
    .in-app-title = Causa identificada: instabilidade no serviço { $product }
    .in-app-body = Identificamos a causa da instabilidade no serviço { $product } e estamos trabalhando em uma correção.
    .summary = Identificamos a causa da instabilidade no serviço { $product } e estamos trabalhando em uma correção.

notice-monitoring = { $product }: correção aplicada, serviço em recuperação
    .status = Em monitoramento
    .heading = O serviço { $product } está se recuperando
    .lead = Aplicamos uma correção e o serviço { $product } está se recuperando. Estamos acompanhando tudo de perto para garantir que continue estável.
    .advice = Se você ainda notar algum problema, entre em contato com a nossa equipe de suporte. Pedimos desculpas pelo transtorno.
    .in-app-title = Em monitoramento: o serviço { $product } está se recuperando
    .in-app-body = Uma correção foi aplicada e o serviço { $product } está se recuperando. Estamos acompanhando tudo de perto.
    .summary = Uma correção foi aplicada e o serviço { $product } está se recuperando.

notice-resolved = Resolvido: o serviço { $product } voltou a funcionar normalmente
    .status = Resolvido
    .heading = O serviço { $product } voltou a funcionar normalmente
    .lead = O problema no serviço { $product } foi resolvido e tudo está funcionando normalmente.
    .advice = Pedimos desculpas pelo transtorno. Vamos analisar com cuidado o que aconteceu e tomar medidas para evitar que isso se repita.
    .in-app-title = Resolvido: o serviço { $product } está funcionando normalmente
    .in-app-body = O problema no serviço { $product } foi resolvido. Pedimos desculpas pelo transtorno.
    .summary = A instabilidade no serviço { $product } foi resolvida.

notice-scheduled = Manutenção programada no serviço { $product }
    .status = Programada
    .heading = Manutenção programada no serviço { $product }
    .lead = Realizaremos uma manutenção programada no serviço { $product }. Durante os trabalhos, o serviço poderá ficar indisponível por breves períodos.
    .advice = Você não precisa fazer nada. Avisaremos você quando os trabalhos começarem e quando forem concluídos.
    .in-app-title = Manutenção programada: { $product }
    .in-app-body = Manutenção programada no serviço { $product }: { $window }. Durante os trabalhos, o serviço poderá ficar indisponível por breves períodos.
    .summary = Uma manutenção foi programada no serviço { $product }.

notice-in-progress = A manutenção no serviço { $product } começou
    .status = Em andamento
    .heading = Manutenção em andamento no serviço { $product }
    .lead = A manutenção programada no serviço { $product } começou. Enquanto os trabalhos estiverem em andamento, o serviço poderá ficar indisponível por breves períodos.
    .advice = Você não precisa fazer nada. Avisaremos você assim que os trabalhos forem concluídos.
    .in-app-title = Manutenção em andamento: { $product }
    .in-app-body = A manutenção programada no serviço { $product } está em andamento. O serviço poderá ficar indisponível por breves períodos.
    .summary = A manutenção no serviço { $product } está em andamento.

notice-completed = A manutenção no serviço { $product } foi concluída
    .status = Concluída
    .heading = A manutenção no serviço { $product } foi concluída
    .lead = Concluímos a manutenção programada no serviço { $product } e tudo está funcionando normalmente.
    .advice = Agradecemos a sua paciência. Se algo não estiver funcionando como esperado, entre em contato com a nossa equipe de suporte.
    .in-app-title = Manutenção concluída: { $product }
    .in-app-body = A manutenção programada no serviço { $product } foi concluída e tudo está funcionando normalmente.
    .summary = A manutenção no serviço { $product } foi concluída.

notice-rescheduled = A manutenção programada no serviço { $product } foi reagendada
    .status = Reagendada
    .heading = Reagendamos a manutenção programada no serviço { $product }
    .lead = A manutenção no serviço { $product }, que estava prevista para { $previous_window }, foi reagendada para { $window }.
    .advice = Você não precisa fazer nada. Avisaremos você quando os trabalhos começarem e quando forem concluídos.
    .in-app-title = Manutenção reagendada: { $product }
    .in-app-body = A manutenção programada no serviço { $product } foi reagendada para { $window }.
    .summary = A manutenção no serviço { $product } foi reagendada para { $window }.

# A reminder of scheduled work, sent some time before it starts. $starts_in
# is written out by starts-in below ("em 2 dias"); $window as above.
notice-reminder = Lembrete: a manutenção no serviço { $product } começa { $starts_in }
    .status = Começa em breve
    .heading = A manutenção programada no serviço { $product } começa { $starts_in }
    .lead = Conforme informamos, a manutenção programada no serviço { $product } está prevista para { $window }. Durante os trabalhos, o serviço poderá ficar indisponível por breves períodos.
    .advice = Você não precisa fazer nada. Avisaremos você quando os trabalhos começarem e quando forem concluídos.
    .in-app-title = Começa em breve: manutenção no serviço { $product }
    .in-app-body = A manutenção programada no serviço { $product } começa { $starts_in }: { $window }.
    .summary = A manutenção no serviço { $product }, prevista para { $window }, começa { $starts_in }.

notice-cancelled = A manutenção programada no serviço { $product } foi cancelada
    .status = Cancelada
    .heading = Cancelamos a manutenção programada no serviço { $product }
    .lead = Não vamos mais realizar a manutenção no serviço { $product } que estava prevista para { $window }. O serviço continua disponível normalmente.
    .advice = Você não precisa fazer nada. Se voltarmos a programar esses trabalhos, avisaremos você com antecedência.
    .in-app-title = Manutenção cancelada: { $product }
    .in-app-body = Cancelamos a manutenção programada no serviço { $product } que estava prevista para { $window }.
    .summary = A manutenção no serviço { $product } foi cancelada.

## How serious it is, shown under the heading.
# A label, shown on investigating, identified and planned-work notices.

severity = { $severity ->
        [critical] Impacto crítico: o serviço { $product } está fora do ar
        [major] Impacto alto: o serviço { $product } apresenta falhas graves
        [maintenance] Impacto: manutenção programada
       *[minor] Impacto baixo: algumas funcionalidades do serviço { $product } foram afetadas
    }

## The lines with dates and times, in the customer's time zone.
# "segunda-feira, 2 de março de 2026, às 8h30 (Horário da Europa Central)":
# see the header for how each part is written.

started-at = Início: { DATETIME($started, weekday: "long") }, { $started_day ->
        [1] 1º
       *[other] { $started_day }
    } de { DATETIME($started, month: "long") } de { DATETIME($started, year: "numeric") }, { $started_hour ->
        [0] à
        [1] à
       *[other] às
    } { $started_hour }h{ $started_minute ->
        [00] {""}
       *[other] { $started_minute }
    } ({ DATETIME($started, dateStyle: "none", timeStyle: "none", timeZoneName: "longGeneric") })
starts-at = Início previsto: { DATETIME($started, weekday: "long") }, { $started_day ->
        [1] 1º
       *[other] { $started_day }
    } de { DATETIME($started, month: "long") } de { DATETIME($started, year: "numeric") }, { $started_hour ->
        [0] à
        [1] à
       *[other] às
    } { $started_hour }h{ $started_minute ->
        [00] {""}
       *[other] { $started_minute }
    } ({ DATETIME($started, dateStyle: "none", timeStyle: "none", timeZoneName: "longGeneric") })
resolved-at = Resolvido em: { DATETIME($resolved, weekday: "long") }, { $resolved_day ->
        [1] 1º
       *[other] { $resolved_day }
    } de { DATETIME($resolved, month: "long") } de { DATETIME($resolved, year: "numeric") }, { $resolved_hour ->
        [0] à
        [1] à
       *[other] às
    } { $resolved_hour }h{ $resolved_minute ->
        [00] {""}
       *[other] { $resolved_minute }
    } ({ DATETIME($resolved, dateStyle: "none", timeStyle: "none", timeZoneName: "longGeneric") })
completed-at = Concluída em: { DATETIME($resolved, weekday: "long") }, { $resolved_day ->
        [1] 1º
       *[other] { $resolved_day }
    } de { DATETIME($resolved, month: "long") } de { DATETIME($resolved, year: "numeric") }, { $resolved_hour ->
        [0] à
        [1] à
       *[other] às
    } { $resolved_hour }h{ $resolved_minute ->
        [00] {""}
       *[other] { $resolved_minute }
    } ({ DATETIME($resolved, dateStyle: "none", timeStyle: "none", timeZoneName: "longGeneric") })
updated-at = Atualização nº { $revision }, publicada em { $updated_day ->
        [1] 1º
       *[other] { $updated_day }
    } de { DATETIME($updated, month: "long") } de { DATETIME($updated, year: "numeric") }, { $updated_hour ->
        [0] à
        [1] à
       *[other] às
    } { $updated_hour }h{ $updated_minute ->
        [00] {""}
       *[other] { $updated_minute }
    } ({ DATETIME($updated, dateStyle: "none", timeStyle: "none", timeZoneName: "longGeneric") })

# When planned work takes place, in the customer's time zone. Each gets
# $from (the start) and, but for window-open, $until (the end), and is
# passed to other messages as $window. Each begins with the weekday, so a
# sentence puts "para" or a colon before it. The zone is named generically
# ("Horário da Europa Central"), which holds across a change to or from
# summer time.
# Within one day: the date once, then both times ("das 8h30 às 10h30").
window = { DATETIME($from, weekday: "long") }, { $from_day ->
        [1] 1º
       *[other] { $from_day }
    } de { DATETIME($from, month: "long") }, { $from_hour ->
        [0] da
        [1] da
       *[other] das
    } { $from_hour }h{ $from_minute ->
        [00] {""}
       *[other] { $from_minute }
    } { $until_hour ->
        [0] à
        [1] à
       *[other] às
    } { $until_hour }h{ $until_minute ->
        [00] {""}
       *[other] { $until_minute }
    } ({ DATETIME($until, dateStyle: "none", timeStyle: "none", timeZoneName: "longGeneric") })
# Past midnight: "das 23h à 1h de segunda-feira, 2 de março".
window-days = { DATETIME($from, weekday: "long") }, { $from_day ->
        [1] 1º
       *[other] { $from_day }
    } de { DATETIME($from, month: "long") }, { $from_hour ->
        [0] da
        [1] da
       *[other] das
    } { $from_hour }h{ $from_minute ->
        [00] {""}
       *[other] { $from_minute }
    } { $until_hour ->
        [0] à
        [1] à
       *[other] às
    } { $until_hour }h{ $until_minute ->
        [00] {""}
       *[other] { $until_minute }
    } de { DATETIME($until, weekday: "long") }, { $until_day ->
        [1] 1º
       *[other] { $until_day }
    } de { DATETIME($until, month: "long") } ({ DATETIME($until, dateStyle: "none", timeStyle: "none", timeZoneName: "longGeneric") })
# No end was planned: the start alone ("a partir das 8h30").
window-open = { DATETIME($from, weekday: "long") }, { $from_day ->
        [1] 1º
       *[other] { $from_day }
    } de { DATETIME($from, month: "long") }, a partir { $from_hour ->
        [0] da
        [1] da
       *[other] das
    } { $from_hour }h{ $from_minute ->
        [00] {""}
       *[other] { $from_minute }
    } ({ DATETIME($from, dateStyle: "none", timeStyle: "none", timeZoneName: "longGeneric") })
# The line with the window, on scheduled, in-progress and cancelled notices.
planned-for = Data e horário previstos: { $window }
was-planned-for = Data e horário previstos inicialmente: { $window }
# How long before the work a reminder is sent: $lead whole days (from two
# days on), hours or minutes, as $lead_unit says.
starts-in = { $lead_unit ->
        [day] { $lead ->
            [one] em um dia
           *[other] em { $lead } dias
        }
        [hour] { $lead ->
            [one] em uma hora
           *[other] em { $lead } horas
        }
       *[minute] { $lead ->
            [90] em uma hora e meia
            [one] em um minuto
           *[other] em { $lead } minutos
        }
    }

# Above the first paragraph, for a customer who hears of an incident for the
# first time from a later update: it moved onto something they follow, or
# up to a severity they asked to hear about (planned work has no severity).
joined-late = { $kind ->
        [maintenance] Este é o primeiro aviso que enviamos a você sobre esta manutenção programada, porque agora ela afeta um serviço que você acompanha.
       *[outage] Este incidente começou em { $started_day ->
            [1] 1º
           *[other] { $started_day }
        } de { DATETIME($started, month: "long") } de { DATETIME($started, year: "numeric") }, { $started_hour ->
            [0] à
            [1] à
           *[other] às
        } { $started_hour }h{ $started_minute ->
            [00] {""}
           *[other] { $started_minute }
        } ({ DATETIME($started, dateStyle: "none", timeStyle: "none", timeZoneName: "longGeneric") }). Esta é a primeira atualização que enviamos a você sobre ele, porque agora ele afeta um serviço que você acompanha ou atingiu o nível de impacto a partir do qual você optou por receber avisos.
    }

# How long it lasted, on resolved and completed notices.
# [0] hours and [0] minutes: it lasted under a minute.
duration = { $hours ->
        [0] { $minutes ->
                [0] Duração: menos de um minuto
                [one] Duração: { $minutes } minuto
               *[other] Duração: { $minutes } minutos
            }
       *[other] { $minutes ->
                [0] { $hours ->
                        [one] Duração: { $hours } hora
                       *[other] Duração: { $hours } horas
                    }
               *[other] { $hours ->
                        [one] { $minutes ->
                                [one] Duração: { $hours } hora e { $minutes } minuto
                               *[other] Duração: { $hours } hora e { $minutes } minutos
                            }
                       *[other] { $minutes ->
                                [one] Duração: { $hours } horas e { $minutes } minuto
                               *[other] Duração: { $hours } horas e { $minutes } minutos
                            }
                    }
            }
    }

## When the next update is due (not on resolved or completed notices).

next-update-minutes = { $next_minutes ->
        [one] Publicaremos a próxima atualização em até um minuto.
       *[other] Publicaremos a próxima atualização em até { $next_minutes } minutos.
    }
next-update-hours = { $next_hours ->
        [one] Publicaremos a próxima atualização em até uma hora.
       *[other] Publicaremos a próxima atualização em até { $next_hours } horas.
    }
# More than an hour, not whole hours: "em até uma hora e 44 minutos"; half
# past reads "em até uma hora e meia", "em até 2 horas e meia".
next-update-hours-minutes = Publicaremos a próxima atualização em até { $next_hours ->
        [one] uma hora
       *[other] { $next_hours } horas
    } e { $next_rest_minutes ->
        [30] meia
        [one] um minuto
       *[other] { $next_rest_minutes } minutos
    }.
next-update-on-change = { $kind ->
        [maintenance] Caso haja alguma mudança no que foi planejado, enviaremos uma atualização a você.
       *[outage] Enviaremos uma atualização a você assim que houver alguma novidade.
    }

## The details our team wrote about this update.

details-heading = Detalhes
# Shown under the heading when the details are in another language. It
# carries its own brackets, in text and HTML alike.
details-not-in-your-language = (Esta parte ainda não foi traduzida para o português.)

## The footer of every email.

footer-reason = { $kind ->
        [maintenance] Você está recebendo este e-mail porque usa o serviço { $product } e sua conta está configurada para receber avisos sobre manutenções programadas que afetem esse serviço.
       *[outage] Você está recebendo este e-mail porque usa o serviço { $product } e sua conta está configurada para receber avisos sobre incidentes que afetem esse serviço.
    }
footer-status-page = Acompanhe as atualizações em tempo real na nossa página de status: { $status_page }
status-page-link = Ver a página de status

## The Atom feed of incidents and maintenance.

feed-title = Status do serviço { $site }: incidentes e manutenções programadas

# tidings: incident notices, Spanish (Spain).
#
# Translated from en-US, which is the source of truth: this file defines the
# same messages and attributes and uses only the variables used there.
#
# Register: formal "usted", used consistently throughout (le, su, póngase…).
# The reader is a paying business customer, possibly in the middle of an
# outage: calm, direct and clear, no exclamation marks.
#
# Notes for translators and reviewers:
#   - "Incidencia" is the usual word in Spain for a service incident or
#     disruption; it is used throughout for "disruption". Planned work is
#     "mantenimiento (programado)" or "los trabajos", never "incidencia".
#   - $product is a name of unknown gender, used bare and singular, as
#     Spanish does with product names ("Teams no funciona", "Google Maps se
#     está recuperando"): "{ $product } no está disponible", never an article
#     or an adjective that must agree ("caído/caída"). Never write "y" or "o"
#     right before it: "y Inbox" must be "e Inbox", "o Online Store" "u
#     Online Store"; rephrase instead ("{ $product } se está recuperando con
#     la solución que hemos aplicado").
#   - Dates: DATETIME writes the day and the zone only. The time is written
#     by hand from $…_hour and $…_minute, with "a la" before 1 and "a las"
#     before any other hour ("a la 1:15", "a las 8:30", "a las 0:05"),
#     selected on $…_hour; do write "a la"/"a las" yourself, DATETIME does
#     not. Date lines ("Inicio:", "Fin:") use dateStyle "full", which puts a
#     comma after the weekday ("lunes, 2 de marzo de 2026"); dates inside a
#     sentence (the windows) have none ("el lunes 2 de marzo").
#   - The zone follows in brackets, as timeZoneName "longGeneric": "(hora de
#     Europa central)", "(hora británica)", "(hora de Argentina)", the same
#     in winter and in summer, and "(UTC)" for UTC. Not "shortGeneric": it
#     writes "(CET)" in central Europe, which reads as winter time on work
#     that runs into summer time. Not "location": it gives country names
#     without their article ("hora de Países Bajos", "hora de RU").
#   - The severity line is shown only while an incident is open
#     (investigating, identified) and on planned work, not while it
#     recovers nor once it is over, so "{ $product } no está disponible"
#     there is never contradicted by the heading.
#   - Plural categories in Spanish: one (1 only), many (only for millions),
#     other. "many" falls back to the *other variant, which is correct here:
#     "1 minuto", "2/5/21/104/111 minutos".
#
# Variables this file selects on:
#   $kind        outage | maintenance (default *[outage]): footer-reason,
#                next-update-on-change and joined-late say "incidencia" or
#                "mantenimiento" accordingly
#   $severity    critical | major | maintenance | minor (severity)
#   $started_hour, $updated_hour, $resolved_hour, $from_hour  "a la"/"a las"
#   $lead_unit, $lead   starts-in ([90] minutes is "hora y media")
#   $hours, $minutes    duration ([0] minutes: "menos de un minuto")
#   $next_minutes, $next_hours   the next update
#
# Planned work (maintenance) also passes:
#   $window           when the work is planned, already written out by the
#                     window messages below ("domingo 1 de marzo, de 1:00 a
#                     3:00 (hora de Europa central)"); it starts with the
#                     weekday, so sentences put "el" before it
#   $previous_window  on a reschedule: when it was planned before, likewise
#   $starts_in        on a reminder: "dentro de 2 días", "dentro de una
#                     hora", written out by starts-in below; it follows the
#                     verb directly ("empieza dentro de una hora")

## One message per status. Its value is the email subject; the attributes are
## the heading, the two body paragraphs, the in-app title and body, the status
## label and the one-line summary sent in webhooks.

notice-investigating = { $product }: estamos investigando una incidencia
    .status = En investigación
    .heading = Estamos analizando un problema con { $product }
    .lead = Hemos detectado una incidencia que afecta a { $product }. Nuestro equipo técnico ya está investigando la causa.
    .advice = No es necesario que haga nada. Le iremos informando hasta que se resuelva.
    .in-app-title = En investigación: incidencia en { $product }
    .in-app-body = { $product } no funciona correctamente. Lo estamos investigando e iremos publicando aquí las novedades.
    .summary = Estamos investigando una incidencia en { $product }.

notice-identified = { $product }: causa identificada, solución en marcha
    .status = Causa identificada
    .heading = Hemos encontrado la causa del problema con { $product }
    .lead = Ya sabemos qué está provocando el problema con { $product } y estamos trabajando en una solución.
    .advice = Es posible que { $product } no funcione correctamente hasta que apliquemos la solución. Le avisaremos en cuanto lo hayamos hecho.
    .in-app-title = Causa identificada: incidencia en { $product }
    .in-app-body = Hemos encontrado la causa de la incidencia en { $product } y estamos trabajando en una solución.
    .summary = Hemos encontrado la causa de la incidencia en { $product } y estamos trabajando en una solución.

notice-monitoring = { $product }: solución aplicada, seguimos de cerca la recuperación
    .status = En seguimiento
    .heading = { $product } se está recuperando
    .lead = { $product } se está recuperando con la solución que hemos aplicado. Seguimos de cerca la evolución para asegurarnos de que todo se mantenga estable.
    .advice = Si algo sigue sin funcionarle correctamente, póngase en contacto con nuestro equipo de soporte.
    .in-app-title = En seguimiento: { $product } se está recuperando
    .in-app-body = { $product } se está recuperando con la solución que hemos aplicado. Seguimos de cerca la evolución.
    .summary = { $product } se está recuperando tras aplicarse una solución.

notice-resolved = Resuelto: { $product } vuelve a funcionar con normalidad
    .status = Resuelto
    .heading = { $product } vuelve a funcionar con normalidad
    .lead = Hemos resuelto el problema con { $product } y ya funciona todo con normalidad.
    .advice = Sentimos mucho las molestias que esta incidencia le haya podido causar. Vamos a analizar a fondo lo ocurrido y a tomar medidas para que no se repita.
    .in-app-title = Resuelto: { $product } funciona con normalidad
    .in-app-body = El problema con { $product } se ha resuelto. Lamentamos las molestias.
    .summary = La incidencia en { $product } se ha resuelto.

notice-scheduled = Mantenimiento programado de { $product }
    .status = Programado
    .heading = Mantenimiento programado de { $product }
    .lead = Vamos a realizar un mantenimiento programado de { $product }. Mientras duren los trabajos, es posible que { $product } no esté disponible en momentos puntuales.
    .advice = No es necesario que haga nada. Le avisaremos cuando empiecen los trabajos y cuando terminen.
    .in-app-title = Mantenimiento programado: { $product }
    .in-app-body = Realizaremos un mantenimiento programado de { $product } el { $window }. Mientras duren los trabajos, es posible que { $product } no esté disponible durante breves periodos.
    .summary = Se ha programado un mantenimiento de { $product }.

notice-in-progress = Ha comenzado el mantenimiento de { $product }
    .status = En curso
    .heading = Mantenimiento de { $product } en curso
    .lead = Ha comenzado el mantenimiento programado de { $product }. Mientras trabajamos, es posible que { $product } no esté disponible en momentos puntuales.
    .advice = No es necesario que haga nada. Le avisaremos en cuanto terminen los trabajos.
    .in-app-title = Mantenimiento en curso: { $product }
    .in-app-body = El mantenimiento programado de { $product } está en curso. Es posible que { $product } no esté disponible durante breves periodos.
    .summary = El mantenimiento de { $product } está en curso.

notice-completed = Ha finalizado el mantenimiento de { $product }
    .status = Completado
    .heading = Ha finalizado el mantenimiento de { $product }
    .lead = Hemos terminado el mantenimiento programado de { $product } y todo funciona con normalidad.
    .advice = Gracias por su paciencia. Si algo no funciona como debería, póngase en contacto con nuestro equipo de soporte.
    .in-app-title = Mantenimiento completado: { $product }
    .in-app-body = El mantenimiento programado de { $product } ha finalizado y todo funciona con normalidad.
    .summary = El mantenimiento de { $product } ha finalizado.

notice-rescheduled = Se ha reprogramado el mantenimiento de { $product }
    .status = Reprogramado
    .heading = Hemos reprogramado el mantenimiento de { $product }
    .lead = El mantenimiento de { $product }, que estaba previsto para el { $previous_window }, se realizará el { $window }.
    .advice = No es necesario que haga nada. Le avisaremos cuando empiecen los trabajos y cuando terminen.
    .in-app-title = Mantenimiento reprogramado: { $product }
    .in-app-body = Hemos reprogramado el mantenimiento de { $product }: se realizará el { $window }.
    .summary = El mantenimiento de { $product } se ha reprogramado para el { $window }.

notice-reminder = Recordatorio: el mantenimiento de { $product } empieza { $starts_in }
    .status = Próximamente
    .heading = El mantenimiento programado de { $product } empieza { $starts_in }
    .lead = Tal como le anunciamos, realizaremos el mantenimiento programado de { $product } el { $window }. Mientras duren los trabajos, es posible que { $product } no esté disponible en momentos puntuales.
    .advice = No es necesario que haga nada. Le avisaremos cuando empiecen los trabajos y cuando terminen.
    .in-app-title = Recordatorio de mantenimiento: { $product }
    .in-app-body = El mantenimiento programado de { $product }, previsto para el { $window }, empieza { $starts_in }.
    .summary = El mantenimiento de { $product }, previsto para el { $window }, empieza { $starts_in }.

notice-cancelled = Se ha cancelado el mantenimiento programado de { $product }
    .status = Cancelado
    .heading = Hemos cancelado el mantenimiento programado de { $product }
    .lead = Ya no realizaremos el mantenimiento de { $product } que estaba previsto para el { $window }. { $product } seguirá disponible como siempre.
    .advice = No es necesario que haga nada. Si volvemos a programar estos trabajos, le avisaremos con antelación.
    .in-app-title = Mantenimiento cancelado: { $product }
    .in-app-body = Se ha cancelado el mantenimiento programado de { $product } previsto para el { $window }.
    .summary = El mantenimiento de { $product } se ha cancelado.

## How serious it is, shown under the heading.

severity = { $severity ->
        [critical] Impacto crítico: { $product } no está disponible
        [major] Impacto alto: problemas graves de funcionamiento en { $product }
        [maintenance] Impacto: mantenimiento programado
       *[minor] Impacto bajo: problemas en algunas funciones de { $product }
    }

## The lines with dates and times, in the customer's time zone.

started-at = Inicio: { DATETIME($started, dateStyle: "full", timeStyle: "none", timeZoneName: "none") } { $started_hour ->
        [1] a la
       *[other] a las
    } { $started_hour }:{ $started_minute } ({ DATETIME($started, dateStyle: "none", timeStyle: "none", timeZoneName: "longGeneric") })
starts-at = Inicio previsto: { DATETIME($started, dateStyle: "full", timeStyle: "none", timeZoneName: "none") } { $started_hour ->
        [1] a la
       *[other] a las
    } { $started_hour }:{ $started_minute } ({ DATETIME($started, dateStyle: "none", timeStyle: "none", timeZoneName: "longGeneric") })
resolved-at = Fin: { DATETIME($resolved, dateStyle: "full", timeStyle: "none", timeZoneName: "none") } { $resolved_hour ->
        [1] a la
       *[other] a las
    } { $resolved_hour }:{ $resolved_minute } ({ DATETIME($resolved, dateStyle: "none", timeStyle: "none", timeZoneName: "longGeneric") })
completed-at = Fin: { DATETIME($resolved, dateStyle: "full", timeStyle: "none", timeZoneName: "none") } { $resolved_hour ->
        [1] a la
       *[other] a las
    } { $resolved_hour }:{ $resolved_minute } ({ DATETIME($resolved, dateStyle: "none", timeStyle: "none", timeZoneName: "longGeneric") })
updated-at = Actualización n.º { $revision }, publicada el { DATETIME($updated, dateStyle: "long", timeStyle: "none", timeZoneName: "none") } { $updated_hour ->
        [1] a la
       *[other] a las
    } { $updated_hour }:{ $updated_minute } ({ DATETIME($updated, dateStyle: "none", timeStyle: "none", timeZoneName: "longGeneric") })

# When planned work takes place, in the customer's time zone. Each gets
# $from (the start) and, but for window-open, $until (the end), and is
# passed to other messages as $window. The weekday goes without a comma
# ("domingo 1 de marzo"), as in running text, since the window sits inside
# sentences. Times are written from $from_hour/$from_minute and
# $until_hour/$until_minute ("de 1:00 a 3:00"); window-open chooses "a partir
# de la 1:00" or "a partir de las 2:00" on $from_hour.
# The zone is written as on the other date lines: "(hora de Europa central)".
# Within one day: the date once, then both times.
window = { DATETIME($from, weekday: "long") } { DATETIME($from, day: "numeric", month: "long") }, de { $from_hour }:{ $from_minute } a { $until_hour }:{ $until_minute } ({ DATETIME($from, dateStyle: "none", timeStyle: "none", timeZoneName: "longGeneric") })
# Past midnight: both dates with their times, in the same "de … a …" as
# above ("domingo 1 de marzo, de 22:00 a 2:30 del lunes 2 de marzo").
window-days = { DATETIME($from, weekday: "long") } { DATETIME($from, day: "numeric", month: "long") }, de { $from_hour }:{ $from_minute } a { $until_hour }:{ $until_minute } del { DATETIME($until, weekday: "long") } { DATETIME($until, day: "numeric", month: "long") } ({ DATETIME($from, dateStyle: "none", timeStyle: "none", timeZoneName: "longGeneric") })
# No end was planned: the start alone.
window-open = { DATETIME($from, weekday: "long") } { DATETIME($from, day: "numeric", month: "long") }, a partir de { $from_hour ->
        [1] la
       *[other] las
    } { $from_hour }:{ $from_minute } ({ DATETIME($from, dateStyle: "none", timeStyle: "none", timeZoneName: "longGeneric") })
# The line with the window, on scheduled, in-progress and cancelled notices.
planned-for = Fecha prevista: { $window }
was-planned-for = Fecha prevista inicialmente: { $window }
starts-in = { $lead_unit ->
        [day] { $lead ->
            [one] dentro de un día
           *[other] dentro de { $lead } días
        }
        [hour] { $lead ->
            [one] dentro de una hora
           *[other] dentro de { $lead } horas
        }
       *[minute] { $lead ->
            [90] dentro de hora y media
            [one] dentro de un minuto
           *[other] dentro de { $lead } minutos
        }
    }

# Above the first paragraph, for a customer who hears of an incident for the
# first time from a later update: it moved onto something they follow, or
# up to a severity they asked to hear about. The outage text names both
# reasons; planned work has no severity of its own.
joined-late = { $kind ->
        [maintenance] Este es el primer aviso que le enviamos sobre este mantenimiento programado porque ahora afecta a un servicio que usted sigue.
       *[outage] Esta incidencia comenzó el { DATETIME($started, dateStyle: "long", timeStyle: "none", timeZoneName: "none") } { $started_hour ->
            [1] a la
           *[other] a las
        } { $started_hour }:{ $started_minute } ({ DATETIME($started, dateStyle: "none", timeStyle: "none", timeZoneName: "longGeneric") }). Es el primer aviso que le enviamos sobre ella porque ahora afecta a un servicio que usted sigue o porque ha alcanzado el nivel de impacto a partir del cual usted ha elegido recibir avisos.
    }

# How long it lasted, on resolved and completed notices.
duration = { $hours ->
        [0] { $minutes ->
                [0] Duración: menos de un minuto
                [one] Duración: { $minutes } minuto
               *[other] Duración: { $minutes } minutos
            }
       *[other] { $minutes ->
                [0] { $hours ->
                        [one] Duración: { $hours } hora
                       *[other] Duración: { $hours } horas
                    }
               *[other] { $hours ->
                        [one] { $minutes ->
                                [one] Duración: { $hours } hora y { $minutes } minuto
                               *[other] Duración: { $hours } hora y { $minutes } minutos
                            }
                       *[other] { $minutes ->
                                [one] Duración: { $hours } horas y { $minutes } minuto
                               *[other] Duración: { $hours } horas y { $minutes } minutos
                            }
                    }
            }
    }

## When the next update is due (not on resolved or completed notices).

next-update-minutes = { $next_minutes ->
        [one] Publicaremos la próxima actualización en un plazo máximo de un minuto.
       *[other] Publicaremos la próxima actualización en un plazo máximo de { $next_minutes } minutos.
    }
next-update-hours = { $next_hours ->
        [one] Publicaremos la próxima actualización en un plazo máximo de una hora.
       *[other] Publicaremos la próxima actualización en un plazo máximo de { $next_hours } horas.
    }
next-update-hours-minutes = Publicaremos la próxima actualización en un plazo máximo de { $next_rest_minutes ->
        [30] { $next_hours ->
            [one] una hora y media
           *[other] { $next_hours } horas y media
        }
       *[other] { $next_hours ->
            [one] 1 hora
           *[other] { $next_hours } horas
        } y { $next_rest_minutes ->
            [one] 1 minuto
           *[other] { $next_rest_minutes } minutos
        }
    }.
next-update-on-change = { $kind ->
        [maintenance] Si hay algún cambio, le enviaremos una actualización.
       *[outage] Le enviaremos una actualización en cuanto haya novedades.
    }

## The details our team wrote about this update.

details-heading = Detalles
# Shown under the heading when the details are in another language; it
# carries its own brackets: a note on its own line, like a caption, with no
# full stop.
details-not-in-your-language = (Esta sección aún no se ha traducido al español)

## The footer of every email.

footer-reason = { $kind ->
        [maintenance] Recibe este correo porque utiliza { $product } y su cuenta está configurada para recibir avisos de los mantenimientos programados que afecten a este servicio.
       *[outage] Recibe este correo porque utiliza { $product } y su cuenta está configurada para recibir avisos de las incidencias que afecten a este servicio.
    }
footer-status-page = Consulte las actualizaciones en tiempo real en nuestra página de estado: { $status_page }
status-page-link = Ver la página de estado

## The Atom feed of incidents and maintenance.

feed-title = Estado de { $site }: incidencias y mantenimiento programado

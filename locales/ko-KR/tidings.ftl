# tidings: incident notices, Korean (South Korea).
#
# Translated from en-US, which is the source of truth: this file defines the
# same messages and attributes, in the same order, and uses only the
# variables that en-US uses (see en-US/tidings.ftl for the full list).
#
# Variables passed to every message:
#   $product     the affected product or component, as the customer knows
#                it: any name ("Creator", "Online Store", "Payments",
#                "Inbox", "Calendar"). In running text it is always followed
#                by "서비스" ("{ $product } 서비스가", "{ $product } 서비스를",
#                "{ $product } 서비스에"), so the particle attaches to 서비스
#                and never depends on how a Latin name is read aloud (a bare
#                "Creator가/이", "Inbox를/을" cannot be chosen for every name).
#                Never put a particle straight after { $product }.
#   $severity    critical | major | minor | maintenance
#   $revision    the number of this update (1, 2, 3 …), written "N차 안내"
#   $started, $updated, $resolved   dates, formatted with DATETIME
#   $hours, $minutes          a duration: whole hours and remaining minutes
#   $next_hours, $next_minutes  when the next update is due
#   $next_rest_minutes  the minutes after $next_hours (44 for 104 minutes)
#   $status_page the address of the status page
#
# Planned work (maintenance) also passes:
#   $window           when the work is planned, written out by the window
#                     messages below ("네덜란드 시간 기준 3월 2일 월요일
#                     08:30~10:30"). It always ends with a time, so follow it
#                     with "에" or "입니다", which suit any ending; never with
#                     "(으)로" or another particle that depends on the sound.
#   $previous_window  on a reschedule: when it was planned before, likewise
#   $starts_in        on a reminder: written out by starts-in below
#                     ("1시간 후", "2일 후"); follow it with "에" or "시작".
#
# Variables this file selects on:
#   $kind        outage | maintenance (default *[outage]), in every message
#                shared by both: started-at, joined-late, duration,
#                next-update-on-change, footer-reason. Planned work is 점검,
#                never 장애; an outage is 장애, never 점검.
#   $severity    in severity
#   $lead_unit   day | hour | minute, in starts-in
#   $hours, $minutes  [0] in duration, to leave out zero hours or zero
#                minutes and to say "1분 미만" when it lasted under a minute
#   $until_hour, $until_minute  in window: work that ends at midnight ends
#                at "24:00" of its day, as Korean notices write it
# Korean has only the CLDR plural category "other": every count is the
# number plus a counter (분, 시간, 일) with no plural select.
#
# Register: 합쇼체 (-습니다/-ㅂ니다) throughout, as Korean service notices
# (서비스 장애 안내, 서비스 점검 안내) are written. The customer is 고객님;
# we "안내해 드립니다", "양해 부탁드립니다". Outage notices apologise in every
# update ("이용에 불편을 드려 대단히 죄송합니다"); maintenance notices ask for
# understanding instead.
#
# Conventions:
#   - Subjects are notice titles in noun style, as Korean mail subjects are:
#     "{ $product } 서비스 장애 안내: 원인 조사 중", "{ $product } 서비스
#     점검 완료 안내". Status labels and in-app titles are short nouns.
#   - Korean typography: spaces between words, ASCII period, comma, colon
#     and tilde, no full-width punctuation. No round or square brackets
#     anywhere (tests refuse ASCII brackets in CJK text, and full-width
#     （ ） look foreign in Korean): the weekday is written out in full
#     ("3월 2일 월요일", not "3월 2일(월)") and the zone is named before the
#     date with "기준" ("네덜란드 시간 기준 2026년 3월 2일 월요일 08:30"),
#     the usual Korean way of saying in which time a date is given.
#   - details-not-in-your-language is set apart with "※", the Korean mark
#     for a note, instead of brackets.
#   - Dates are built from parts around DATETIME, in this order in every
#     date line and window: the zone (timeZoneName "location", the zone's
#     place: "한국 시간", "네덜란드 시간", "뉴욕 시간", "인도 시간", and "UTC"
#     as Korean IT notices write it, never "협정 세계시"; a zone without a
#     place shows its offset, "GMT-5"), then "기준", the date (dateStyle
#     long, "2026년 3월 2일"; windows leave out the year, month long + day
#     numeric, "3월 2일"), the weekday (weekday long, "월요일") and the time
#     on the 24-hour clock with two-digit hours ("08:30", "00:00", hour and
#     minute "2-digit", hourCycle "h23"), as Korean notices write times. The
#     place name holds on both sides of a change to summer time. Not
#     "longGeneric": it gives metazone names no Korean notice uses for a
#     country ("중부유럽 시간" for Tunis, "걸프만 표준시", "협정 세계시").
#   - A range is joined with "~": without spaces between two times of one
#     day ("08:30~10:30"), with spaces between two dates ("23:00 ~ 3월 2일
#     월요일 01:00").
#   - Durations: "1시간 35분", "25시간", "35분", "1분 미만".

## One message per status. Its value is the email subject; the attributes are
## the heading, the two body paragraphs, the in-app title and body, the status
## label and the one-line summary sent in webhooks.

notice-investigating = { $product } 서비스 장애 안내: 원인 조사 중
    .status = 조사 중
    .heading = { $product } 서비스에 발생한 문제를 조사하고 있습니다
    .lead = 현재 { $product } 서비스가 정상적으로 동작하지 않고 있어, 담당 엔지니어가 원인을 조사하고 있습니다. 서비스 이용에 불편을 드려 대단히 죄송합니다.
    .advice = 고객님께서 별도로 조치하실 사항은 없습니다. 문제가 해결될 때까지 진행 상황을 계속 안내해 드리겠습니다.
    .in-app-title = 조사 중: { $product } 서비스 장애
    .in-app-body = 현재 { $product } 서비스가 정상적으로 동작하지 않고 있습니다. 이용에 불편을 드려 죄송합니다. 원인을 조사하고 있으며, 진행 상황은 이곳에서 안내해 드리겠습니다.
    .summary = { $product } 서비스에 발생한 장애의 원인을 조사하고 있습니다.

notice-identified = { $product } 서비스 장애 안내: 원인 파악, 복구 진행 중
    .status = 원인 파악
    .heading = { $product } 서비스 장애의 원인을 파악했습니다
    .lead = { $product } 서비스 장애의 원인을 파악하여, 현재 복구 작업을 진행하고 있습니다. 서비스 이용에 불편을 드려 대단히 죄송합니다.
    .advice = 복구가 완료될 때까지 { $product } 서비스가 원활하게 동작하지 않을 수 있습니다. 복구 작업이 끝나는 대로 바로 안내해 드리겠습니다.
    .in-app-title = 원인 파악: { $product } 서비스 장애
    .in-app-body = { $product } 서비스 장애의 원인을 파악하여 복구 작업을 진행하고 있습니다. 이용에 불편을 드려 죄송합니다.
    .summary = { $product } 서비스 장애의 원인을 파악하여 복구 작업을 진행하고 있습니다.

notice-monitoring = { $product } 서비스 장애 안내: 복구 조치 완료, 모니터링 중
    .status = 모니터링 중
    .heading = { $product } 서비스가 정상화되고 있습니다
    .lead = 복구 조치를 적용하여 { $product } 서비스가 정상화되고 있습니다. 서비스가 안정적으로 유지되는지 면밀히 모니터링하고 있습니다. 서비스 이용에 불편을 드려 대단히 죄송합니다.
    .advice = 아직 정상적으로 이용하실 수 없는 기능이 있으면 고객지원팀으로 문의해 주시기 바랍니다.
    .in-app-title = 모니터링 중: { $product } 서비스 정상화 진행
    .in-app-body = 복구 조치를 적용하여 { $product } 서비스가 정상화되고 있으며, 면밀히 모니터링하고 있습니다. 이용에 불편을 드려 죄송합니다.
    .summary = 복구 조치를 적용하여 { $product } 서비스가 정상화되고 있습니다.

notice-resolved = { $product } 서비스 장애 복구 완료 안내
    .status = 복구 완료
    .heading = { $product } 서비스가 정상화되었습니다
    .lead = { $product } 서비스에 발생한 장애가 해결되어, 현재 모든 기능이 정상적으로 동작하고 있습니다.
    .advice = 서비스 이용에 불편을 드린 점 깊이 사과드립니다. 이번 장애의 경위를 면밀히 분석하여 같은 문제가 재발하지 않도록 최선을 다하겠습니다.
    .in-app-title = 복구 완료: { $product } 서비스 정상화
    .in-app-body = { $product } 서비스에 발생한 장애가 해결되었습니다. 이용에 불편을 드린 점 깊이 사과드립니다.
    .summary = { $product } 서비스에 발생한 장애가 해결되었습니다.

notice-scheduled = { $product } 서비스 점검 안내
    .status = 점검 예정
    .heading = { $product } 서비스 점검 예정 안내
    .lead = 아래 일정으로 { $product } 서비스 점검을 진행할 예정입니다. 점검 중에는 { $product } 서비스 이용이 일시적으로 중단될 수 있습니다. 고객님의 너그러운 양해 부탁드립니다.
    .advice = 고객님께서 별도로 조치하실 사항은 없습니다. 점검이 시작될 때와 완료될 때 다시 안내해 드리겠습니다.
    .in-app-title = 점검 예정: { $product } 서비스
    .in-app-body = { $window }에 { $product } 서비스 점검이 예정되어 있습니다. 점검 중에는 서비스 이용이 일시적으로 중단될 수 있습니다.
    .summary = { $product } 서비스 점검이 예정되어 있습니다.

notice-in-progress = { $product } 서비스 점검 시작 안내
    .status = 점검 중
    .heading = { $product } 서비스 점검을 진행하고 있습니다
    .lead = 예정된 { $product } 서비스 점검을 시작했습니다. 점검 중에는 { $product } 서비스 이용이 일시적으로 중단될 수 있습니다.
    .advice = 고객님께서 별도로 조치하실 사항은 없습니다. 점검이 완료되는 대로 바로 안내해 드리겠습니다.
    .in-app-title = 점검 중: { $product } 서비스
    .in-app-body = 예정된 { $product } 서비스 점검을 진행하고 있습니다. 서비스 이용이 일시적으로 중단될 수 있습니다.
    .summary = { $product } 서비스 점검을 진행하고 있습니다.

notice-completed = { $product } 서비스 점검 완료 안내
    .status = 점검 완료
    .heading = { $product } 서비스 점검이 완료되었습니다
    .lead = 예정된 { $product } 서비스 점검을 마쳤으며, 현재 모든 기능이 정상적으로 동작하고 있습니다.
    .advice = 점검 시간 동안 양해해 주셔서 감사합니다. 예상과 다르게 동작하는 기능이 있으면 고객지원팀으로 문의해 주시기 바랍니다.
    .in-app-title = 점검 완료: { $product } 서비스
    .in-app-body = 예정된 { $product } 서비스 점검이 완료되어, 모든 기능이 정상적으로 동작하고 있습니다.
    .summary = { $product } 서비스 점검이 완료되었습니다.

notice-rescheduled = { $product } 서비스 점검 일정 변경 안내
    .status = 일정 변경
    .heading = { $product } 서비스 점검 일정을 변경했습니다
    .lead = { $previous_window }에 진행할 예정이었던 { $product } 서비스 점검은 일정이 변경되어 { $window }에 진행됩니다. 일정 변경으로 불편을 드려 죄송합니다.
    .advice = 고객님께서 별도로 조치하실 사항은 없습니다. 점검이 시작될 때와 완료될 때 다시 안내해 드리겠습니다.
    .in-app-title = 일정 변경: { $product } 서비스 점검
    .in-app-body = { $product } 서비스 점검 일정이 변경되어 { $window }에 진행됩니다.
    .summary = { $product } 서비스 점검 일정이 변경되어 { $window }에 진행됩니다.

# A reminder of scheduled work, sent some time before it starts. $starts_in
# is written out by starts-in below ("1시간 후"); $window as above.
notice-reminder = { $product } 서비스 점검 재안내: { $starts_in } 시작
    .status = 곧 시작
    .heading = { $product } 서비스 점검이 { $starts_in }에 시작됩니다
    .lead = 앞서 안내해 드린 대로, { $window }에 { $product } 서비스 점검을 진행할 예정입니다. 점검 중에는 { $product } 서비스 이용이 일시적으로 중단될 수 있습니다. 고객님의 너그러운 양해 부탁드립니다.
    .advice = 고객님께서 별도로 조치하실 사항은 없습니다. 점검이 시작될 때와 완료될 때 다시 안내해 드리겠습니다.
    .in-app-title = 곧 시작: { $product } 서비스 점검
    .in-app-body = { $window }에 예정된 { $product } 서비스 점검이 { $starts_in }에 시작됩니다.
    .summary = { $window }에 예정된 { $product } 서비스 점검이 { $starts_in }에 시작됩니다.

notice-cancelled = { $product } 서비스 점검 취소 안내
    .status = 점검 취소
    .heading = 예정된 { $product } 서비스 점검을 취소했습니다
    .lead = { $window }에 예정되어 있던 { $product } 서비스 점검은 진행하지 않기로 했습니다. { $product } 서비스는 평소와 같이 이용하실 수 있습니다.
    .advice = 고객님께서 별도로 조치하실 사항은 없습니다. 점검 일정이 다시 정해지면 미리 안내해 드리겠습니다.
    .in-app-title = 점검 취소: { $product } 서비스
    .in-app-body = { $window }에 예정되어 있던 { $product } 서비스 점검이 취소되었습니다.
    .summary = { $product } 서비스 점검이 취소되었습니다.

## How serious it is, shown under the heading.

severity = { $severity ->
        [critical] 영향도: 심각 - { $product } 서비스 이용 불가
        [major] 영향도: 높음 - { $product } 서비스 이용에 큰 지장
        [maintenance] 구분: 예정된 서비스 점검
       *[minor] 영향도: 낮음 - { $product } 서비스 일부 기능에 영향
    }

## The lines with dates and times, in the customer's time zone. Each is
## "<zone> 기준 <date> <weekday> <HH:mm>" (see the header).

started-at = { $kind ->
        [maintenance] 점검 시작 일시
       *[outage] 장애 발생 일시
    }: { DATETIME($started, dateStyle: "none", timeStyle: "none", timeZoneName: "location") } 기준 { DATETIME($started, dateStyle: "long", timeStyle: "none", timeZoneName: "none") } { DATETIME($started, weekday: "long") } { DATETIME($started, hour: "2-digit", minute: "2-digit", hourCycle: "h23") }
starts-at = 점검 시작 예정 일시: { DATETIME($started, dateStyle: "none", timeStyle: "none", timeZoneName: "location") } 기준 { DATETIME($started, dateStyle: "long", timeStyle: "none", timeZoneName: "none") } { DATETIME($started, weekday: "long") } { DATETIME($started, hour: "2-digit", minute: "2-digit", hourCycle: "h23") }
resolved-at = 복구 일시: { DATETIME($resolved, dateStyle: "none", timeStyle: "none", timeZoneName: "location") } 기준 { DATETIME($resolved, dateStyle: "long", timeStyle: "none", timeZoneName: "none") } { DATETIME($resolved, weekday: "long") } { DATETIME($resolved, hour: "2-digit", minute: "2-digit", hourCycle: "h23") }
completed-at = 점검 완료 일시: { DATETIME($resolved, dateStyle: "none", timeStyle: "none", timeZoneName: "location") } 기준 { DATETIME($resolved, dateStyle: "long", timeStyle: "none", timeZoneName: "none") } { DATETIME($resolved, weekday: "long") } { DATETIME($resolved, hour: "2-digit", minute: "2-digit", hourCycle: "h23") }
updated-at = { $revision }차 안내 게시 일시: { DATETIME($updated, dateStyle: "none", timeStyle: "none", timeZoneName: "location") } 기준 { DATETIME($updated, dateStyle: "long", timeStyle: "none", timeZoneName: "none") } { DATETIME($updated, weekday: "long") } { DATETIME($updated, hour: "2-digit", minute: "2-digit", hourCycle: "h23") }

# When planned work takes place, in the customer's time zone. Each gets
# $from (the start) and, but for window-open, $until (the end), and is
# passed to other messages as $window. The zone comes first, with 기준, as
# on the date lines; the year is left out, as in English. Every window ends
# with a time, so the messages that use it can follow it with "에".
# Within one day: the date once, then both times. Work that ends at
# midnight is written "22:00~24:00" (the end is 0:00 of the next day).
window = { DATETIME($from, dateStyle: "none", timeStyle: "none", timeZoneName: "location") } 기준 { DATETIME($from, month: "long", day: "numeric") } { DATETIME($from, weekday: "long") } { DATETIME($from, hour: "2-digit", minute: "2-digit", hourCycle: "h23") }~{ $until_hour ->
        [0] { $until_minute ->
                [00] 24:00
               *[other] { DATETIME($until, hour: "2-digit", minute: "2-digit", hourCycle: "h23") }
            }
       *[other] { DATETIME($until, hour: "2-digit", minute: "2-digit", hourCycle: "h23") }
    }
# Past midnight: both dates with their times.
window-days = { DATETIME($from, dateStyle: "none", timeStyle: "none", timeZoneName: "location") } 기준 { DATETIME($from, month: "long", day: "numeric") } { DATETIME($from, weekday: "long") } { DATETIME($from, hour: "2-digit", minute: "2-digit", hourCycle: "h23") } ~ { DATETIME($until, month: "long", day: "numeric") } { DATETIME($until, weekday: "long") } { DATETIME($until, hour: "2-digit", minute: "2-digit", hourCycle: "h23") }
# No end was planned: the start alone.
window-open = { DATETIME($from, dateStyle: "none", timeStyle: "none", timeZoneName: "location") } 기준 { DATETIME($from, month: "long", day: "numeric") } { DATETIME($from, weekday: "long") } { DATETIME($from, hour: "2-digit", minute: "2-digit", hourCycle: "h23") }
# The line with the window, on scheduled, in-progress and cancelled notices.
planned-for = 점검 일시: { $window }
# On a cancelled notice: 당초 ("originally"), not 기존, which reads as if a
# new date replaced it.
was-planned-for = 당초 점검 예정 일시: { $window }
# How long before the work a reminder is sent: $lead whole days (from two
# days on), hours or minutes, as $lead_unit says. Korean has no plural forms.
starts-in = { $lead_unit ->
        [day] { $lead }일 후
        [hour] { $lead }시간 후
       *[minute] { $lead }분 후
    }

# Above the first paragraph, for a customer who hears of an incident for the
# first time from a later update: it moved onto something they follow, or
# up to a severity they asked to hear about.
joined-late = { $kind ->
        [maintenance] 이번 점검에 관해 고객님께 처음 보내 드리는 안내입니다. 고객님께서 구독하신 항목이 이번 점검의 영향을 받게 되어 안내해 드립니다.
       *[outage] 이 장애는 앞서 { DATETIME($started, dateStyle: "none", timeStyle: "none", timeZoneName: "location") } 기준 { DATETIME($started, dateStyle: "long", timeStyle: "none", timeZoneName: "none") } { DATETIME($started, weekday: "long") } { DATETIME($started, hour: "2-digit", minute: "2-digit", hourCycle: "h23") }에 발생했습니다. 고객님께서 구독하신 항목이 영향을 받게 되었거나, 장애의 영향도가 안내를 받기로 설정하신 수준에 이르러 이번에 처음 안내해 드립니다.
    }

# How long it lasted, on resolved and completed notices.
duration = { $kind ->
        [maintenance] { $hours ->
                [0] { $minutes ->
                        [0] 점검 소요 시간: 1분 미만
                       *[other] 점검 소요 시간: { $minutes }분
                    }
               *[other] { $minutes ->
                        [0] 점검 소요 시간: { $hours }시간
                       *[other] 점검 소요 시간: { $hours }시간 { $minutes }분
                    }
            }
       *[outage] { $hours ->
                [0] { $minutes ->
                        [0] 장애 지속 시간: 1분 미만
                       *[other] 장애 지속 시간: { $minutes }분
                    }
               *[other] { $minutes ->
                        [0] 장애 지속 시간: { $hours }시간
                       *[other] 장애 지속 시간: { $hours }시간 { $minutes }분
                    }
            }
    }

## When the next update is due (not on resolved or completed notices).

next-update-minutes = 다음 안내는 { $next_minutes }분 이내에 드리겠습니다.
next-update-hours = 다음 안내는 { $next_hours }시간 이내에 드리겠습니다.
next-update-hours-minutes = 다음 안내는 { $next_hours }시간 { $next_rest_minutes }분 이내에 드리겠습니다.
next-update-on-change = { $kind ->
        [maintenance] 점검 일정이나 진행 상황에 변동이 있으면 바로 안내해 드리겠습니다.
       *[outage] 상황에 변동이 있으면 바로 안내해 드리겠습니다.
    }

## The details our team wrote about this update.

details-heading = 상세 내용
# Shown under the heading when the details are in another language. Korean
# sets a note apart with "※" rather than brackets (see the header).
details-not-in-your-language = ※ 아래 상세 내용은 아직 한국어로 번역되지 않아 원문으로 안내해 드립니다. 양해 부탁드립니다.

## The footer of every email.

footer-reason = { $kind ->
        [maintenance] 본 메일은 고객님께서 { $product } 서비스를 이용 중이시며, 계정에서 해당 서비스의 점검 안내를 받도록 설정하셨기 때문에 발송되었습니다.
       *[outage] 본 메일은 고객님께서 { $product } 서비스를 이용 중이시며, 계정에서 해당 서비스의 장애 안내를 받도록 설정하셨기 때문에 발송되었습니다.
    }
# A polite sentence ends with a period, not a colon; the address follows on
# its own line.
footer-status-page =
    실시간 진행 상황은 서비스 상태 페이지에서 확인하실 수 있습니다.
    { $status_page }
status-page-link = 서비스 상태 페이지 보기

## The Atom feed of incidents and maintenance.

feed-title = { $site } 서비스 상태: 장애 및 점검 안내

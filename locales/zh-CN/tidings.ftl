# tidings: incident notices, Simplified Chinese (mainland China).
#
# Translated from en-US, which is the source of truth: this file defines the
# same messages and attributes, in the same order, and uses only the
# variables that en-US uses (see en-US/tidings.ftl for the full list).
#
# Variables passed to every message:
#   $product     the affected product or component, as the customer knows
#                it: any name ("Creator", "Online Store", "Payments",
#                "Inbox", "Calendar"). Chinese has no articles, no number
#                agreement and no sound changes before a name, so the name
#                stands bare, with no quotes and no spaces on either side:
#                "Creator出现异常", "Online Store的计划维护". Follow the name
#                with 的 or a verb, not directly with a noun ("{ $product }的
#                计划维护", "{ $product }原定于…进行的计划维护"), so that a name
#                that is also an English word ("Calendar") is not read as one
#                compound with the Chinese after it.
#   $severity    critical | major | minor | maintenance
#   $revision    the number of this update (1, 2, 3 …), written 第N次更新
#   $started, $updated, $resolved   dates, formatted by DATETIME below
#   $hours, $minutes, $next_hours, $next_minutes   whole numbers
#   $status_page the address of the status page
#
# Planned work (maintenance) also passes:
#   $window           when the work is planned, already written out by the
#                     window messages below ("3月2日（周一）08:30至10:30（荷兰时间）").
#                     It has no preposition of its own: write 于/在/为 before
#                     it as the sentence needs ("计划于{ $window }进行维护").
#   $previous_window  on a reschedule: when it was planned before, likewise
#   $starts_in        on a reminder: written out by starts-in below ("2天后",
#                     "1小时后", "90分钟后"); write 将于 before it
#                     ("将于{ $starts_in }开始").
#
# Variables this file selects on:
#   $kind        outage | maintenance (default *[outage]), in every message
#                shared by both: started-at, joined-late, duration,
#                next-update-on-change, footer-reason. Planned work is never
#                called 故障 or 异常, and an outage is never called 维护.
#   $severity    critical | major | minor | maintenance, in severity
#   $lead_unit   day | hour | minute, in starts-in
#   $hours, $minutes  [0] in duration, to leave out zero hours or zero
#                minutes, and to say 不足1分钟 when the whole duration is
#                under a minute.
# Chinese has only the CLDR plural category "other": a count is the number
# followed by its unit (分钟, 小时, 天) with no space and no plural form, so
# no message selects on a plural category.
# Not needed in Chinese: $started_day, $started_hour, $started_minute and
# the other _day/_hour/_minute selectors (a 24-hour clock from DATETIME reads
# the same for every day and hour).
#
# Register: polite business Chinese, as in a Chinese SaaS company's 故障通知
# or 维护公告. The customer is 您, the company 我们. Outage notices apologise
# in every update until it is resolved (由此给您带来的不便，我们深表歉意 /
# 给您带来不便，敬请谅解), in the email and in the in-app text; planned work
# asks for understanding where the customer may be inconvenienced.
#
# Wording: 异常 for a disruption of a product ("Creator出现异常"), 故障 for the
# incident as such (joined-late, footer); 计划维护 (short: 维护) for planned
# work; 更新 for a status update; 状态页面 for the status page.
#
# Conventions:
#   - Email subjects start with a 【label】 tag, as Chinese notices usually do.
#     Notices of planned work say 预告/将 so that work announced days ahead
#     does not read as happening now.
#   - Full-width punctuation (，。：；（）) throughout, also around dates,
#     zones and the note details-not-in-your-language; no ASCII brackets and
#     no spaces around { $product }, numbers or Latin text.
#   - Dates are built from parts, written by hand around DATETIME, in this
#     order: the date (dateStyle long, "2026年3月2日"), the weekday in
#     full-width brackets ("（周一）", weekday short), the time on the 24-hour
#     clock with a two-digit hour ("08:30", hour and minute "2-digit"; no
#     space after the bracket), and the zone in full-width brackets named by
#     its country or city, as Chinese notices write 纽约时间 or 悉尼时间
#     ("（荷兰时间）", "（纽约时间）", "（日本时间）", timeZoneName location),
#     which holds on both sides of a change to summer time. Not the CLDR
#     metazone names of longGeneric ("北美东部时间", "中欧时间", "协调世界时"),
#     which read like a textbook. UTC gives "（UTC）", Etc/GMT+5 "（GMT-5）".
#     Asia/Shanghai still reads "（中国时间）": CLDR has no 北京时间, which
#     only the code can supply. Keep the brackets and this order in every
#     date line.
#   - Windows ($window) leave out the year, as English does; the date lines
#     keep it. A range is joined with 至 ("08:30至10:30"), not a dash.

## One message per status. Its value is the email subject; the attributes are
## the heading, the two body paragraphs, the in-app title and body, the status
## label and the one-line summary sent in webhooks.

notice-investigating = 【排查中】{ $product }出现异常，我们正在紧急排查
    .status = 排查中
    .heading = 我们正在排查{ $product }出现的问题
    .lead = { $product }目前运行异常，我们的工程师正在紧急排查原因。由此给您带来的不便，我们深表歉意。
    .advice = 您无需进行任何操作。问题解决之前，我们将持续向您通报最新进展。
    .in-app-title = 排查中：{ $product }出现异常
    .in-app-body = { $product }目前运行异常。我们正在排查原因，最新进展将在此处发布。给您带来不便，敬请谅解。
    .summary = 我们正在排查{ $product }出现的异常。

notice-identified = 【已定位原因】{ $product }的异常原因已查明，正在修复
    .status = 已定位原因
    .heading = 我们已查明{ $product }出现问题的原因
    .lead = 导致{ $product }出现异常的原因已经明确，我们的工程师正在全力修复。由此给您带来的不便，我们深表歉意。
    .advice = 修复完成之前，{ $product }可能仍无法正常使用。修复完成后，我们将第一时间通知您。
    .in-app-title = 已定位原因：{ $product }出现异常
    .in-app-body = 我们已查明{ $product }出现异常的原因，正在全力修复。给您带来不便，敬请谅解。
    .summary = 我们已查明{ $product }出现异常的原因，正在进行修复。

notice-monitoring = 【观察中】{ $product }已完成修复，正在逐步恢复
    .status = 观察中
    .heading = { $product }正在逐步恢复
    .lead = 我们已完成修复，{ $product }正在逐步恢复。我们将持续密切监控，确保其稳定运行。由此给您带来的不便，我们深表歉意。
    .advice = 如您仍遇到无法正常使用的情况，请联系我们的客服团队。
    .in-app-title = 观察中：{ $product }正在逐步恢复
    .in-app-body = 修复已完成，{ $product }正在逐步恢复，我们正在密切监控。给您带来不便，敬请谅解。
    .summary = 修复已完成，{ $product }正在逐步恢复。

notice-resolved = 【已恢复】{ $product }已恢复正常
    .status = 已恢复
    .heading = { $product }已恢复正常
    .lead = { $product }的问题已经解决，目前各项功能均已恢复正常。
    .advice = 此次异常给您带来了不便，我们深表歉意。我们将认真复盘本次事件，并采取措施防止类似问题再次发生。
    .in-app-title = 已恢复：{ $product }运行正常
    .in-app-body = { $product }的问题已经解决。此次异常给您带来了不便，我们深表歉意。
    .summary = { $product }的异常已解决。

notice-scheduled = 【维护预告】{ $product }将进行计划维护
    .status = 已计划
    .heading = 关于对{ $product }进行计划维护的通知
    .lead = 我们将按下方所列时间对{ $product }进行计划维护。维护期间，{ $product }可能会出现短暂无法使用的情况。给您带来不便，敬请谅解。
    .advice = 您无需进行任何操作。维护开始和结束时，我们都会另行通知您。
    .in-app-title = 计划维护：{ $product }
    .in-app-body = { $product }计划于{ $window }进行维护，维护期间可能会短暂无法使用。
    .summary = { $product }的计划维护已安排。

notice-in-progress = 【维护开始】{ $product }的计划维护已开始
    .status = 维护中
    .heading = { $product }正在进行计划维护
    .lead = { $product }的计划维护已经开始。维护期间，{ $product }可能会出现短暂无法使用的情况。
    .advice = 您无需进行任何操作。维护完成后，我们将第一时间通知您。
    .in-app-title = 维护中：{ $product }
    .in-app-body = { $product }正在进行计划维护，维护期间可能会短暂无法使用。
    .summary = { $product }正在进行计划维护。

notice-completed = 【维护完成】{ $product }的计划维护已完成
    .status = 已完成
    .heading = { $product }的计划维护已完成
    .lead = { $product }的计划维护已经完成，目前各项功能均运行正常。
    .advice = 感谢您的耐心等待与支持。如发现任何功能未按预期运行，请联系我们的客服团队。
    .in-app-title = 维护完成：{ $product }
    .in-app-body = { $product }的计划维护已经完成，目前各项功能均运行正常。
    .summary = { $product }的计划维护已完成。

notice-rescheduled = 【维护时间变更】{ $product }的计划维护已改期
    .status = 已改期
    .heading = { $product }的计划维护时间已调整
    .lead = { $product }原定于{ $previous_window }进行的计划维护，现改为在{ $window }进行。给您带来不便，敬请谅解。
    .advice = 您无需进行任何操作。维护开始和结束时，我们都会另行通知您。
    .in-app-title = 维护改期：{ $product }
    .in-app-body = { $product }的计划维护已改为在{ $window }进行。
    .summary = { $product }的计划维护已改期，新的维护时间为{ $window }。

# A reminder of scheduled work, sent some time before it starts (the
# customer chose nothing: the notice asked for it). $starts_in is how long
# before, written out by starts-in below ("2天后"); $window as above.
notice-reminder = 【维护提醒】{ $product }的计划维护将于{ $starts_in }开始
    .status = 即将开始
    .heading = { $product }的计划维护将于{ $starts_in }开始
    .lead = 按照此前通知的安排，我们将于{ $window }对{ $product }进行计划维护。维护期间，{ $product }可能会出现短暂无法使用的情况。给您带来不便，敬请谅解。
    .advice = 您无需进行任何操作。维护开始和结束时，我们都会另行通知您。
    .in-app-title = 即将开始：{ $product }的计划维护
    .in-app-body = { $product }的计划维护将于{ $starts_in }开始，维护时间为{ $window }。
    .summary = { $product }的计划维护将于{ $starts_in }开始，维护时间为{ $window }。

notice-cancelled = 【维护取消】{ $product }的计划维护已取消
    .status = 已取消
    .heading = { $product }的计划维护已取消
    .lead = { $product }原定于{ $window }进行的计划维护已取消，{ $product }将照常为您提供服务。
    .advice = 您无需进行任何操作。如后续重新安排维护，我们将提前通知您。
    .in-app-title = 维护取消：{ $product }
    .in-app-body = { $product }原定于{ $window }进行的计划维护已取消。
    .summary = { $product }的计划维护已取消。

## How serious it is, shown under the heading.

severity = { $severity ->
        [critical] 影响程度：严重（{ $product }无法使用）
        [major] 影响程度：较大（{ $product }的使用受到明显影响）
        [maintenance] 类型：计划维护
       *[minor] 影响程度：轻微（{ $product }的部分功能受到影响）
    }

## The lines with dates and times, in the customer's time zone.
## Each is written "2026年3月2日（周一）08:30（荷兰时间）": see the header.

started-at = { $kind ->
        [maintenance] 开始时间
       *[outage] 发生时间
    }：{ DATETIME($started, dateStyle: "long", timeStyle: "none", timeZoneName: "none") }（{ DATETIME($started, weekday: "short") }）{ DATETIME($started, hour: "2-digit", minute: "2-digit") }（{ DATETIME($started, dateStyle: "none", timeStyle: "none", timeZoneName: "location") }）
starts-at = 计划开始时间：{ DATETIME($started, dateStyle: "long", timeStyle: "none", timeZoneName: "none") }（{ DATETIME($started, weekday: "short") }）{ DATETIME($started, hour: "2-digit", minute: "2-digit") }（{ DATETIME($started, dateStyle: "none", timeStyle: "none", timeZoneName: "location") }）
resolved-at = 恢复时间：{ DATETIME($resolved, dateStyle: "long", timeStyle: "none", timeZoneName: "none") }（{ DATETIME($resolved, weekday: "short") }）{ DATETIME($resolved, hour: "2-digit", minute: "2-digit") }（{ DATETIME($resolved, dateStyle: "none", timeStyle: "none", timeZoneName: "location") }）
completed-at = 完成时间：{ DATETIME($resolved, dateStyle: "long", timeStyle: "none", timeZoneName: "none") }（{ DATETIME($resolved, weekday: "short") }）{ DATETIME($resolved, hour: "2-digit", minute: "2-digit") }（{ DATETIME($resolved, dateStyle: "none", timeStyle: "none", timeZoneName: "location") }）
updated-at = 第{ $revision }次更新，发布于{ DATETIME($updated, dateStyle: "long", timeStyle: "none", timeZoneName: "none") }（{ DATETIME($updated, weekday: "short") }）{ DATETIME($updated, hour: "2-digit", minute: "2-digit") }（{ DATETIME($updated, dateStyle: "none", timeStyle: "none", timeZoneName: "location") }）

# When planned work takes place, in the customer's time zone. Each gets
# $from (the start) and, but for window-open, $until (the end), and is
# passed to other messages as $window. Written like the date lines above,
# without the year; a range is joined with 至, without spaces, and the zone
# comes last, once, in full-width brackets.
# Within one day: the date once, then both times.
window = { DATETIME($from, month: "long", day: "numeric") }（{ DATETIME($from, weekday: "short") }）{ DATETIME($from, hour: "2-digit", minute: "2-digit") }至{ DATETIME($until, hour: "2-digit", minute: "2-digit") }（{ DATETIME($until, dateStyle: "none", timeStyle: "none", timeZoneName: "location") }）
# Past midnight: both dates with their times.
window-days = { DATETIME($from, month: "long", day: "numeric") }（{ DATETIME($from, weekday: "short") }）{ DATETIME($from, hour: "2-digit", minute: "2-digit") }至{ DATETIME($until, month: "long", day: "numeric") }（{ DATETIME($until, weekday: "short") }）{ DATETIME($until, hour: "2-digit", minute: "2-digit") }（{ DATETIME($until, dateStyle: "none", timeStyle: "none", timeZoneName: "location") }）
# No end was planned: the start alone, written like window above, then 起
# ("from then on").
window-open = { DATETIME($from, month: "long", day: "numeric") }（{ DATETIME($from, weekday: "short") }）{ DATETIME($from, hour: "2-digit", minute: "2-digit") }（{ DATETIME($from, dateStyle: "none", timeStyle: "none", timeZoneName: "location") }）起
# The line with the window, on scheduled, in-progress and cancelled notices.
planned-for = 计划维护时间：{ $window }
was-planned-for = 原定维护时间：{ $window }
# How long before the work a reminder is sent: $lead whole days (from two
# days on), hours or minutes, as $lead_unit says. Chinese needs no plural
# forms: the number, then the unit, then 后.
starts-in = { $lead_unit ->
        [day] { $lead }天后
        [hour] { $lead }小时后
       *[minute] { $lead }分钟后
    }

# Above the first paragraph, for a customer who hears of an incident for the
# first time from a later update: it moved onto something they follow, or
# up to a severity they asked to hear about.
joined-late = { $kind ->
        [maintenance] 这是我们首次就本次计划维护向您发送通知，原因是该维护现已涉及您所关注的服务。
       *[outage] 本次故障发生于{ DATETIME($started, dateStyle: "long", timeStyle: "none", timeZoneName: "none") }（{ DATETIME($started, weekday: "short") }）{ DATETIME($started, hour: "2-digit", minute: "2-digit") }（{ DATETIME($started, dateStyle: "none", timeStyle: "none", timeZoneName: "location") }）。这是我们首次就此向您发送通知，原因是该故障现已影响您所关注的服务，或其严重程度已达到您设置的通知级别。
    }

# How long it lasted, on resolved and completed notices: 影响时长 for an
# outage, 维护时长 for planned work.
duration = { $kind ->
        [maintenance] { $hours ->
                [0] { $minutes ->
                        [0] 维护时长：不足1分钟
                       *[other] 维护时长：{ $minutes }分钟
                    }
               *[other] { $minutes ->
                        [0] 维护时长：{ $hours }小时
                       *[other] 维护时长：{ $hours }小时{ $minutes }分钟
                    }
            }
       *[outage] { $hours ->
                [0] { $minutes ->
                        [0] 影响时长：不足1分钟
                       *[other] 影响时长：{ $minutes }分钟
                    }
               *[other] { $minutes ->
                        [0] 影响时长：{ $hours }小时
                       *[other] 影响时长：{ $hours }小时{ $minutes }分钟
                    }
            }
    }

## When the next update is due (not on resolved or completed notices).

next-update-minutes = 我们将在{ $next_minutes }分钟内发布下一次更新。
next-update-hours = 我们将在{ $next_hours }小时内发布下一次更新。
next-update-hours-minutes = 我们将在{ $next_hours }小时{ $next_rest_minutes }分钟内发布下一次更新。
next-update-on-change = { $kind ->
        [maintenance] 如有任何变化，我们将及时通知您。
       *[outage] 如有新进展，我们将及时通知您。
    }

## The details our team wrote about this update.

details-heading = 详细信息
# Shown under the heading when the details are in another language. It
# carries its own full-width brackets, in text and HTML alike.
details-not-in-your-language = （以下内容暂无中文版本，现以原文显示，敬请谅解。）

## The footer of every email.

footer-reason = { $kind ->
        [maintenance] 您之所以收到此邮件，是因为您正在使用{ $product }，且您的账户已设置为接收与其相关的计划维护通知。
       *[outage] 您之所以收到此邮件，是因为您正在使用{ $product }，且您的账户已设置为接收与其相关的故障通知。
    }
footer-status-page = 您可以通过状态页面随时查看最新动态：{ $status_page }
status-page-link = 查看状态页面

## The Atom feed of incidents and maintenance.

feed-title = { $site }的服务状态：故障与计划维护

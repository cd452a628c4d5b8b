# tidings: incident notices, Japanese (Japan).
#
# Translated from en-US, which is the source of truth: this file defines the
# same messages and attributes, in the same order, and uses only the
# variables that en-US uses (see en-US/tidings.ftl for the list).
#
# Planned work (maintenance) also passes:
#   $window           when the work is planned, already written out by the
#                     window messages below ("3月1日（日）1:00～3:00（オランダ時間）");
#                     follow it with に/の as the sentence needs
#   $previous_window  on a reschedule: when it was planned before, likewise
#   $starts_in        on a reminder: written out by starts-in below ("1時間後");
#                     follow it with に
#
# Variables this file selects on:
#   $kind        outage | maintenance (default *[outage]), in every message
#                shared by both: started-at, joined-late, duration,
#                next-update-on-change, footer-reason. Do not call planned
#                work 障害, nor an outage メンテナンス; 状況に変化 suits an
#                outage, 予定に変更 planned work.
#   $severity    critical | major | minor | maintenance, in severity
#   $lead_unit   day | hour | minute, in starts-in
#   $hours, $minutes  [0] in duration, to leave out zero hours and to say
#                1分未満 when the whole duration is under a minute
#
# Register: polite business Japanese, as in a Japanese SaaS company's
# 障害のお知らせ. です/ます throughout, 謙譲語 for what we do (いたします,
# おります), 尊敬語/美化語 toward the customer (お客様, ご利用, お問い合わせください).
#
# Conventions:
#   - Email subjects start with a 【label】 tag, as Japanese notices usually do.
#   - Full-width punctuation (、。：（）～), also around dates, zones and the
#     note details-not-in-your-language; no spaces around { $product }.
#     Particles (で, を, の, は) attach to any product name, so names need
#     no quotes or frame.
#   - Updates are numbered 第N報, the usual way to number incident updates.
#   - Japanese has only the CLDR plural category "other": counts are written
#     as the number plus a counter (分, 時間, 日) with no select on them.
#   - Outage notices apologise in every update (調査中, 原因特定, 経過観察中,
#     復旧), in the email and in the in-app text.
#   - です/ます conditionals are written ございましたら, as everywhere in the file.
#   - Dates are built from parts on purpose, written by hand around DATETIME:
#     the date (dateStyle long, "2026年3月2日"), the weekday in full-width
#     brackets ("（月）", weekday short), the time ("8:30", 24-hour) and the
#     zone in full-width brackets, named by its country or city as Japanese
#     writers do ("（日本時間）", "（オランダ時間）", "（ニューヨーク時間）",
#     timeZoneName location), a name that holds on both sides of a change to
#     summer time. UTC reads "（UTC）" (not 協定世界時), zones without a place
#     "（GMT-5）"; the metazone names of longGeneric ("米国中部時間" for
#     Mexico City) are avoided on purpose. Keep the brackets and this order
#     in every date line. Windows ($window) leave out the year, as English
#     does; the date lines keep it.

## One message per status. Its value is the email subject; the attributes are
## the heading, the two body paragraphs, the in-app title and body, the status
## label and the one-line summary sent in webhooks.

notice-investigating = 【調査中】{ $product }で障害が発生しております
    .status = 調査中
    .heading = { $product }で発生している障害を調査しております
    .lead = 現在、{ $product }を正常にご利用いただけない状況となっております。当社のエンジニアが原因を調査しております。ご迷惑をおかけしており、誠に申し訳ございません。
    .advice = お客様側での対応は必要ございません。復旧まで、随時状況をお知らせいたします。
    .in-app-title = 調査中：{ $product }の障害
    .in-app-body = { $product }を正常にご利用いただけない状況となっております。ご迷惑をおかけしており、申し訳ございません。原因を調査しており、最新の情報はこちらでお知らせいたします。
    .summary = { $product }で発生している障害について調査しております。

notice-identified = 【原因特定】{ $product }の障害について復旧作業を進めております
    .status = 原因特定
    .heading = { $product }で発生している障害の原因を特定いたしました
    .lead = { $product }の障害の原因を特定し、現在、復旧に向けた対応を進めております。ご迷惑をおかけしており、誠に申し訳ございません。
    .advice = 復旧までの間、{ $product }を正常にご利用いただけない場合がございます。復旧次第、お知らせいたします。
    .in-app-title = 原因特定：{ $product }の障害
    .in-app-body = { $product }の障害の原因を特定し、復旧に向けた対応を進めております。ご迷惑をおかけしており、申し訳ございません。
    .summary = { $product }の障害の原因を特定し、復旧に向けた対応を進めております。

notice-monitoring = 【経過観察中】{ $product }は順次復旧しております
    .status = 経過観察中
    .heading = { $product }は順次復旧しております
    .lead = 対策を実施した結果、{ $product }は順次復旧しております。安定して動作することを確認するため、引き続き状況を注視しております。ご迷惑をおかけしており、誠に申し訳ございません。
    .advice = しばらく時間をおいても正常にご利用いただけない場合は、お手数ですがサポート窓口までお問い合わせください。
    .in-app-title = 経過観察中：{ $product }は順次復旧しております
    .in-app-body = 対策の実施により、{ $product }は順次復旧しております。引き続き状況を注視しております。ご迷惑をおかけしており、申し訳ございません。
    .summary = 対策の実施により、{ $product }は順次復旧しております。

notice-resolved = 【復旧】{ $product }を正常にご利用いただけるようになりました
    .status = 復旧済み
    .heading = { $product }を正常にご利用いただけるようになりました
    .lead = { $product }で発生していた障害は解消し、現在は正常に動作しております。
    .advice = このたびはご迷惑をおかけし、誠に申し訳ございませんでした。今回の事象について詳しく調査し、再発防止に努めてまいります。
    .in-app-title = 復旧：{ $product }は正常に動作しております
    .in-app-body = { $product }で発生していた障害は解消いたしました。ご迷惑をおかけし、誠に申し訳ございませんでした。
    .summary = { $product }で発生していた障害は解消いたしました。

notice-scheduled = 【メンテナンス予定】{ $product }のメンテナンス実施のお知らせ
    .status = 実施予定
    .heading = { $product }のメンテナンス実施のお知らせ
    .lead = 下記の日程にて、{ $product }のメンテナンスを実施いたします。作業中は、一時的にご利用いただけない場合がございます。ご不便をおかけしますが、ご理解のほどよろしくお願いいたします。
    .advice = お客様側での対応は必要ございません。作業の開始時と完了時に、あらためてお知らせいたします。
    .in-app-title = メンテナンス予定：{ $product }
    .in-app-body = { $window }に{ $product }のメンテナンスを予定しております。作業中は、一時的にご利用いただけない場合がございます。
    .summary = { $product }のメンテナンスを予定しております。

notice-in-progress = 【メンテナンス開始】{ $product }のメンテナンスを開始いたしました
    .status = 実施中
    .heading = { $product }のメンテナンスを実施しております
    .lead = { $product }のメンテナンスを開始いたしました。作業中は、一時的にご利用いただけない場合がございます。
    .advice = お客様側での対応は必要ございません。作業が完了次第、あらためてお知らせいたします。
    .in-app-title = メンテナンス実施中：{ $product }
    .in-app-body = { $product }のメンテナンスを実施しております。作業中は、一時的にご利用いただけない場合がございます。
    .summary = { $product }のメンテナンスを実施しております。

notice-completed = 【メンテナンス完了】{ $product }のメンテナンスが完了いたしました
    .status = 完了
    .heading = { $product }のメンテナンスが完了いたしました
    .lead = { $product }のメンテナンスは完了し、現在は正常にご利用いただけます。
    .advice = ご理解とご協力をいただき、誠にありがとうございました。正常に動作しない点などがございましたら、お手数ですがサポート窓口までお問い合わせください。
    .in-app-title = メンテナンス完了：{ $product }
    .in-app-body = { $product }のメンテナンスが完了し、正常にご利用いただけます。
    .summary = { $product }のメンテナンスが完了いたしました。

notice-rescheduled = 【メンテナンス日程変更】{ $product }のメンテナンス日程変更のお知らせ
    .status = 日程変更
    .heading = { $product }のメンテナンス日程を変更いたしました
    .lead = { $previous_window }に実施を予定しておりました{ $product }のメンテナンスは、日程を変更し、{ $window }に実施いたします。ご不便をおかけしますが、ご理解のほどよろしくお願いいたします。
    .advice = お客様側での対応は必要ございません。作業の開始時と完了時に、あらためてお知らせいたします。
    .in-app-title = メンテナンス日程変更：{ $product }
    .in-app-body = { $product }のメンテナンス日程を、{ $window }に変更いたしました。
    .summary = { $product }のメンテナンス日程を{ $window }に変更いたしました。

notice-reminder = 【メンテナンス再告知】{ $product }のメンテナンスを{ $starts_in }に開始いたします
    .status = 開始前
    .heading = { $product }のメンテナンスを{ $starts_in }に開始いたします
    .lead = すでにお知らせしておりますとおり、{ $window }に{ $product }のメンテナンスを実施いたします。作業中は、一時的にご利用いただけない場合がございます。ご不便をおかけしますが、ご理解のほどよろしくお願いいたします。
    .advice = お客様側での対応は必要ございません。作業の開始時と完了時に、あらためてお知らせいたします。
    .in-app-title = メンテナンス再告知：{ $product }
    .in-app-body = { $window }に予定しております{ $product }のメンテナンスを、{ $starts_in }に開始いたします。
    .summary = { $window }に予定しております{ $product }のメンテナンスを、{ $starts_in }に開始いたします。

notice-cancelled = 【メンテナンス中止】{ $product }のメンテナンス中止のお知らせ
    .status = 中止
    .heading = { $product }のメンテナンスを中止いたしました
    .lead = { $window }に実施を予定しておりました{ $product }のメンテナンスは、中止することといたしました。{ $product }は引き続き通常どおりご利用いただけます。
    .advice = お客様側での対応は必要ございません。あらためてメンテナンスを実施する際は、事前にお知らせいたします。
    .in-app-title = メンテナンス中止：{ $product }
    .in-app-body = { $window }に予定しておりました{ $product }のメンテナンスを中止いたしました。
    .summary = { $product }のメンテナンスを中止いたしました。

## How serious it is, shown under the heading.

severity = { $severity ->
        [critical] 影響度：重大（{ $product }をご利用いただけない障害）
        [major] 影響度：大（{ $product }の動作に深刻な支障が出る障害）
        [maintenance] 種別：計画メンテナンス
       *[minor] 影響度：軽微（{ $product }の一部の機能に影響する障害）
    }

## The lines with dates and times, in the customer's time zone.

started-at = { $kind ->
        [maintenance] 開始日時
       *[outage] 発生日時
    }：{ DATETIME($started, dateStyle: "long", timeStyle: "none", timeZoneName: "none") }（{ DATETIME($started, weekday: "short") }）{ DATETIME($started, hour: "numeric", minute: "2-digit") }（{ DATETIME($started, dateStyle: "none", timeStyle: "none", timeZoneName: "location") }）
starts-at = 開始予定日時：{ DATETIME($started, dateStyle: "long", timeStyle: "none", timeZoneName: "none") }（{ DATETIME($started, weekday: "short") }）{ DATETIME($started, hour: "numeric", minute: "2-digit") }（{ DATETIME($started, dateStyle: "none", timeStyle: "none", timeZoneName: "location") }）
resolved-at = 復旧日時：{ DATETIME($resolved, dateStyle: "long", timeStyle: "none", timeZoneName: "none") }（{ DATETIME($resolved, weekday: "short") }）{ DATETIME($resolved, hour: "numeric", minute: "2-digit") }（{ DATETIME($resolved, dateStyle: "none", timeStyle: "none", timeZoneName: "location") }）
completed-at = 完了日時：{ DATETIME($resolved, dateStyle: "long", timeStyle: "none", timeZoneName: "none") }（{ DATETIME($resolved, weekday: "short") }）{ DATETIME($resolved, hour: "numeric", minute: "2-digit") }（{ DATETIME($resolved, dateStyle: "none", timeStyle: "none", timeZoneName: "location") }）
updated-at = 第{ $revision }報　発信日時：{ DATETIME($updated, dateStyle: "long", timeStyle: "none", timeZoneName: "none") }（{ DATETIME($updated, weekday: "short") }）{ DATETIME($updated, hour: "numeric", minute: "2-digit") }（{ DATETIME($updated, dateStyle: "none", timeStyle: "none", timeZoneName: "location") }）

# When planned work takes place, in the customer's time zone. Each gets
# $from (the start) and, but for window-open, $until (the end), and is
# passed to other messages as $window. A range is joined with ～ (U+FF5E,
# as in the ja CLDR intervals), without spaces; the zone comes last, in
# parentheses, as on the date lines above.
# Within one day: the date once, then both times.
window = { DATETIME($from, month: "long", day: "numeric") }（{ DATETIME($from, weekday: "short") }）{ DATETIME($from, hour: "numeric", minute: "2-digit") }～{ DATETIME($until, hour: "numeric", minute: "2-digit") }（{ DATETIME($until, dateStyle: "none", timeStyle: "none", timeZoneName: "location") }）
# Past midnight: both dates with their times.
window-days = { DATETIME($from, month: "long", day: "numeric") }（{ DATETIME($from, weekday: "short") }）{ DATETIME($from, hour: "numeric", minute: "2-digit") }～{ DATETIME($until, month: "long", day: "numeric") }（{ DATETIME($until, weekday: "short") }）{ DATETIME($until, hour: "numeric", minute: "2-digit") }（{ DATETIME($until, dateStyle: "none", timeStyle: "none", timeZoneName: "location") }）
# No end was planned: the start alone, written like window above (no year).
window-open = { DATETIME($from, month: "long", day: "numeric") }（{ DATETIME($from, weekday: "short") }）{ DATETIME($from, hour: "numeric", minute: "2-digit") }（{ DATETIME($from, dateStyle: "none", timeStyle: "none", timeZoneName: "location") }）
# The line with the window, on scheduled, in-progress and cancelled notices.
planned-for = 実施予定日時：{ $window }
was-planned-for = 当初の実施予定日時：{ $window }
starts-in = { $lead_unit ->
        [day] { $lead }日後
        [hour] { $lead }時間後
       *[minute] { $lead }分後
    }

# Above the first paragraph, for a customer who hears of an incident for the
# first time from a later update: it moved onto something they follow, or
# up to a severity they asked to hear about. "通知設定の条件に該当する"
# covers both reasons.
joined-late = { $kind ->
        [maintenance] 本メンテナンスについて、お客様へのお知らせは今回が初めてとなります。お客様の通知設定の条件に該当することとなったため、お送りしております。
       *[outage] 本障害は{ DATETIME($started, dateStyle: "long", timeStyle: "none", timeZoneName: "none") }（{ DATETIME($started, weekday: "short") }）{ DATETIME($started, hour: "numeric", minute: "2-digit") }（{ DATETIME($started, dateStyle: "none", timeStyle: "none", timeZoneName: "location") }）に発生したもので、お客様へのお知らせは今回が初めてとなります。お客様の通知設定の条件に該当することとなったため、お送りしております。
    }

# How long it lasted, on resolved and completed notices.
duration = { $kind ->
        [maintenance] { $hours ->
                [0] { $minutes ->
                        [0] 作業時間：1分未満
                       *[other] 作業時間：{ $minutes }分
                    }
               *[other] { $minutes ->
                        [0] 作業時間：{ $hours }時間
                       *[other] 作業時間：{ $hours }時間{ $minutes }分
                    }
            }
       *[outage] { $hours ->
                [0] { $minutes ->
                        [0] 影響時間：1分未満
                       *[other] 影響時間：{ $minutes }分
                    }
               *[other] { $minutes ->
                        [0] 影響時間：{ $hours }時間
                       *[other] 影響時間：{ $hours }時間{ $minutes }分
                    }
            }
    }

## When the next update is due (not on resolved or completed notices).

next-update-minutes = 続報は{ $next_minutes }分以内にお知らせいたします。
next-update-hours = 続報は{ $next_hours }時間以内にお知らせいたします。
next-update-hours-minutes = 続報は{ $next_hours }時間{ $next_rest_minutes }分以内にお知らせいたします。
next-update-on-change = { $kind ->
        [maintenance] 予定に変更がございましたら、速やかにお知らせいたします。
       *[outage] 状況に変化がございましたら、速やかにお知らせいたします。
    }

## The details our team wrote about this update.

details-heading = 詳細
details-not-in-your-language = （申し訳ございませんが、この部分はまだ日本語に翻訳されておりません。）

## The footer of every email.

footer-reason = { $kind ->
        [maintenance] このメールは、{ $product }をご利用中で、メンテナンスのお知らせを受け取る設定になっているお客様にお送りしております。
       *[outage] このメールは、{ $product }をご利用中で、障害のお知らせを受け取る設定になっているお客様にお送りしております。
    }
# A polite sentence ends with 。, not a colon; the address follows on its own line.
footer-status-page =
    最新の状況は、ステータスページで随時ご確認いただけます。
    { $status_page }
status-page-link = ステータスページはこちら

## The Atom feed of incidents and maintenance.

feed-title = { $site }の障害・メンテナンス情報

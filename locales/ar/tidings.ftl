# tidings: incident notices, Arabic (Modern Standard Arabic).
#
# Translated from en-US, which is the source of truth: this file defines the
# same messages and attributes and uses only the variables used there.
#
# Register: formal, courteous Modern Standard Arabic, as a regional software
# company's customer support writes. The customer is addressed with the
# respectful plural (لكم، حسابكم، يمكنكم); the company speaks as "we".
#
# Notes for translators and reviewers:
#   - $product is a name (often Latin script), any name: one word, several,
#     one that looks plural ("Payments") or a common noun ("Calendar").
#     Never refer back to it with a pronoun (إليه، استخدامه) or make a verb
#     or adjective agree with it: repeat the name ("قد يتعذر الوصول إلى
#     { $product }") or put it after a verbal noun or a preposition
#     ("استخدام { $product }"، "عودة { $product }"، "خلل في { $product }").
#     Do not attach و/ب/ل to it: { $product } is isolated text.
#   - Plurals use the six CLDR categories of Arabic, on the last two digits:
#     zero (0), one (1), two (2), few (3–10, 103–110 …: plural noun, دقائق،
#     ساعات، أيام), many (11–99, 111–199 …: singular accusative, دقيقة،
#     ساعة، يومًا) and other (100–102, 200–202 …: singular genitive, دقيقة،
#     ساعة، يوم). The dual follows its case: nominative after "المدة:"
#     (دقيقتان، ساعتان), genitive after "خلال" and "بعد" (دقيقتين، يومين).
#     Check every plural for 1, 2, 5, 21, 104 and 111.
#   - Dates: each line formats the date, the time and the zone apart and
#     writes the words between them by hand: "بتاريخ" (or nothing) before
#     the date, "الساعة" before the time, "بتوقيت" before the zone's city
#     (timeZoneName "city"; a zone without a city, such as UTC, gives its
#     offset, "غرينتش+0"، "غرينتش-5", which also reads after "بتوقيت").
#     Keep them apart: with dateStyle and timeStyle in one call the "ar"
#     pattern puts its own "في" between date and time. Do not add "في"
#     before the date.
#
# Variables this file selects on:
#   $kind        outage | maintenance, in joined-late, next-update-on-change
#                and footer-reason, so planned work is never called an
#                outage (العطل، الأعطال) nor an outage maintenance
#   $severity    critical | major | minor | maintenance, in severity
#   $lead_unit   day | hour | minute, and $lead, in starts-in
#   $hours, $minutes, $next_hours, $next_minutes, $lead: by plural category
#
# Planned work (maintenance) also passes:
#   $window           when the work is planned, already written out by the
#                     window messages below ("يوم الأحد 1 مارس، من الساعة
#                     1:00 ص حتى الساعة 3:00 ص بتوقيت أمستردام")
#   $previous_window  on a reschedule: when it was planned before, likewise
#   $starts_in        on a reminder: how long before the start it is sent,
#                     written out by starts-in below ("بعد ساعة")
# $window and $previous_window are written to stand as an adverb of time,
# with no preposition before them ("مقررة { $window }", "لتُجرى { $window }");
# they begin with "يوم" or "من يوم", so do not put "في" or "إلى" in front of
# them. $starts_in begins with "بعد" and follows the verb ("تبدأ … { $starts_in }").

## One message per status. Its value is the email subject; the attributes are
## the heading, the two body paragraphs, the in-app title and body, the status
## label and the one-line summary sent in webhooks.

notice-investigating = نتحقق من خلل في { $product }
    .status = قيد التحقق
    .heading = نتحقق من مشكلة في { $product }
    .lead = هناك خلل في عمل { $product }، ويعمل مهندسونا الآن على تحديد سببه.
    .advice = لا يلزمكم القيام بأي إجراء، وسنوافيكم بالمستجدات أولًا بأول حتى نُصلح الخلل.
    .in-app-title = قيد التحقق: خلل في { $product }
    .in-app-body = هناك خلل في عمل { $product }، ونتحقق منه حاليًا. وسننشر المستجدات هنا.
    .summary = نتحقق من خلل في { $product }.

notice-identified = توصلنا إلى سبب الخلل في { $product } ونعمل على إصلاحه
    .status = تم تحديد السبب
    .heading = توصلنا إلى سبب المشكلة في { $product }
    .lead = حدّدنا سبب المشكلة في { $product }، ونعمل الآن على إصلاحها.
    .advice = قد تواجهون بعض الصعوبات في استخدام { $product } إلى أن ننتهي من الإصلاح، وسنبلغكم فور الانتهاء منه.
    .in-app-title = تم تحديد السبب: خلل في { $product }
    .in-app-body = توصلنا إلى سبب الخلل في { $product }، ونعمل على إصلاحه.
    .summary = توصلنا إلى سبب الخلل في { $product }، ونعمل على إصلاحه.

notice-monitoring = طبّقنا الإصلاح ونتابع استقرار { $product }
    .status = قيد المراقبة
    .heading = عودة { $product } إلى العمل تدريجيًا
    .lead = طبّقنا إصلاحًا للمشكلة، وبدأ عمل { $product } يعود إلى طبيعته تدريجيًا. ونتابع الوضع عن كثب للتأكد من استقراره.
    .advice = إذا استمرت لديكم أي مشكلة، فيُرجى التواصل مع فريق الدعم لدينا.
    .in-app-title = قيد المراقبة: عودة { $product } إلى العمل تدريجيًا
    .in-app-body = طبّقنا إصلاحًا للمشكلة، وبدأ عمل { $product } يعود إلى طبيعته. ونتابع الوضع عن كثب.
    .summary = طبّقنا إصلاحًا للمشكلة، وبدأ عمل { $product } يعود إلى طبيعته.

notice-resolved = تم الحل: عودة { $product } إلى العمل بصورة طبيعية
    .status = تم الحل
    .heading = عودة { $product } إلى العمل بصورة طبيعية
    .lead = حللنا المشكلة في { $product }، وكل شيء يعمل الآن كالمعتاد.
    .advice = نعتذر عن هذا الخلل وما سبّبه لكم من إزعاج، وسنراجع ما حدث بعناية لنتخذ ما يلزم لمنع تكراره.
    .in-app-title = تم الحل: عودة { $product } إلى العمل بصورة طبيعية
    .in-app-body = حللنا المشكلة في { $product }، ونعتذر لكم عمّا سبّبه هذا الخلل من إزعاج.
    .summary = تم حل الخلل في { $product }.

notice-scheduled = صيانة مجدولة على { $product }
    .status = مجدولة
    .heading = صيانة مجدولة على { $product }
    .lead = سنُجري أعمال صيانة مجدولة على { $product }، وقد يتعذر الوصول إلى { $product } لفترات قصيرة أثناء تنفيذ الأعمال.
    .advice = لا يلزمكم القيام بأي إجراء، وسنبلغكم عند بدء الأعمال وعند الانتهاء منها.
    .in-app-title = صيانة مجدولة: { $product }
    .in-app-body = سنُجري أعمال صيانة مجدولة على { $product } { $window }. وقد يتعذر الوصول إلى { $product } لفترات وجيزة أثناء تنفيذها.
    .summary = تمت جدولة أعمال صيانة على { $product }.

notice-in-progress = بدأت أعمال الصيانة على { $product }
    .status = قيد التنفيذ
    .heading = أعمال الصيانة على { $product } جارية الآن
    .lead = بدأنا أعمال الصيانة المجدولة على { $product }، وقد يتعذر الوصول إلى { $product } لفترات قصيرة أثناء تنفيذها.
    .advice = لا يلزمكم القيام بأي إجراء، وسنبلغكم فور الانتهاء من الأعمال.
    .in-app-title = الصيانة قيد التنفيذ: { $product }
    .in-app-body = أعمال الصيانة المجدولة على { $product } جارية الآن، وقد يتعذر الوصول إلى { $product } لفترات وجيزة.
    .summary = أعمال الصيانة على { $product } جارية.

notice-completed = اكتملت أعمال الصيانة على { $product }
    .status = مكتملة
    .heading = اكتملت أعمال الصيانة على { $product }
    .lead = انتهينا من أعمال الصيانة المجدولة على { $product }، وكل شيء يعمل الآن بصورة طبيعية.
    .advice = نشكركم على صبركم وتفهّمكم. وإذا واجهتم أي مشكلة، فيُرجى التواصل مع فريق الدعم لدينا.
    .in-app-title = اكتملت الصيانة: { $product }
    .in-app-body = اكتملت أعمال الصيانة المجدولة على { $product }، وكل شيء يعمل الآن بصورة طبيعية.
    .summary = اكتملت أعمال الصيانة على { $product }.

notice-rescheduled = تغيّر موعد الصيانة المجدولة على { $product }
    .status = تمت إعادة الجدولة
    .heading = أعدنا جدولة أعمال الصيانة على { $product }
    .lead = كانت أعمال الصيانة على { $product } مقررة { $previous_window }، وستُجرى بدلًا من ذلك { $window }.
    .advice = لا يلزمكم القيام بأي إجراء، وسنبلغكم عند بدء الأعمال وعند الانتهاء منها.
    .in-app-title = تغيّر موعد الصيانة: { $product }
    .in-app-body = أصبحت أعمال الصيانة المجدولة على { $product } مقررة { $window }.
    .summary = أُعيدت جدولة أعمال الصيانة على { $product } لتُجرى { $window }.

notice-reminder = تذكير: تبدأ أعمال الصيانة على { $product } { $starts_in }
    .status = تبدأ قريبًا
    .heading = تبدأ أعمال الصيانة المجدولة على { $product } { $starts_in }
    .lead = كما سبق أن أعلنّا، سنُجري أعمال الصيانة المجدولة على { $product } { $window }. وقد يتعذر الوصول إلى { $product } لفترات قصيرة أثناء تنفيذ الأعمال.
    .advice = لا يلزمكم القيام بأي إجراء، وسنبلغكم عند بدء الأعمال وعند الانتهاء منها.
    .in-app-title = تذكير بالصيانة: { $product }
    .in-app-body = تبدأ أعمال الصيانة المجدولة على { $product } { $starts_in }، وذلك { $window }.
    .summary = تبدأ أعمال الصيانة على { $product } { $starts_in }، وذلك { $window }.

notice-cancelled = أُلغيت الصيانة المجدولة على { $product }
    .status = ملغاة
    .heading = ألغينا أعمال الصيانة المجدولة على { $product }
    .lead = ألغينا أعمال الصيانة التي كانت مقررة على { $product } { $window }، ويمكنكم مواصلة استخدام { $product } كالمعتاد.
    .advice = لا يلزمكم القيام بأي إجراء، وإذا حددنا موعدًا جديدًا لهذه الأعمال، فسنبلغكم به مسبقًا.
    .in-app-title = أُلغيت الصيانة: { $product }
    .in-app-body = أُلغيت أعمال الصيانة التي كانت مقررة على { $product } { $window }.
    .summary = أُلغيت أعمال الصيانة على { $product }.

## How serious it is, shown under the heading.

severity = { $severity ->
        [critical] مستوى التأثير: حرج – تعطّل كامل في { $product }
        [major] مستوى التأثير: كبير – خلل جسيم في عمل { $product }
        [maintenance] مستوى التأثير: صيانة مجدولة
       *[minor] مستوى التأثير: طفيف – تأثر بعض وظائف { $product }
    }

## The lines with dates and times, in the customer's time zone.

started-at = وقت البدء: { DATETIME($started, dateStyle: "full", timeStyle: "none", timeZoneName: "none") }، الساعة { DATETIME($started, hour: "numeric", minute: "2-digit") } بتوقيت { DATETIME($started, dateStyle: "none", timeStyle: "none", timeZoneName: "city") }
starts-at = موعد البدء المقرر: { DATETIME($started, dateStyle: "full", timeStyle: "none", timeZoneName: "none") }، الساعة { DATETIME($started, hour: "numeric", minute: "2-digit") } بتوقيت { DATETIME($started, dateStyle: "none", timeStyle: "none", timeZoneName: "city") }
resolved-at = وقت حل المشكلة: { DATETIME($resolved, dateStyle: "full", timeStyle: "none", timeZoneName: "none") }، الساعة { DATETIME($resolved, hour: "numeric", minute: "2-digit") } بتوقيت { DATETIME($resolved, dateStyle: "none", timeStyle: "none", timeZoneName: "city") }
completed-at = وقت الانتهاء: { DATETIME($resolved, dateStyle: "full", timeStyle: "none", timeZoneName: "none") }، الساعة { DATETIME($resolved, hour: "numeric", minute: "2-digit") } بتوقيت { DATETIME($resolved, dateStyle: "none", timeStyle: "none", timeZoneName: "city") }
updated-at = التحديث رقم { $revision }، نُشر بتاريخ { DATETIME($updated, dateStyle: "long", timeStyle: "none", timeZoneName: "none") }، الساعة { DATETIME($updated, hour: "numeric", minute: "2-digit") } بتوقيت { DATETIME($updated, dateStyle: "none", timeStyle: "none", timeZoneName: "city") }

# When planned work takes place, in the customer's time zone. Each gets
# $from (the start) and, but for window-open, $until (the end), and is
# passed to other messages as $window. Written as an adverb of time, like
# the time lines above: "يوم" before the weekday, "الساعة" before the hour,
# "بتوقيت" before the zone's city; the parts are formatted apart, as the
# CLDR pattern would put "في" between date and time.
# Within one day: the date once, then both times.
window = يوم { DATETIME($from, weekday: "long") } { DATETIME($from, month: "long", day: "numeric") }، من الساعة { DATETIME($from, hour: "numeric", minute: "2-digit") } حتى الساعة { DATETIME($until, hour: "numeric", minute: "2-digit") } بتوقيت { DATETIME($until, dateStyle: "none", timeStyle: "none", timeZoneName: "city") }
# Past midnight: both dates with their times.
window-days = من يوم { DATETIME($from, weekday: "long") } { DATETIME($from, month: "long", day: "numeric") } الساعة { DATETIME($from, hour: "numeric", minute: "2-digit") } حتى يوم { DATETIME($until, weekday: "long") } { DATETIME($until, month: "long", day: "numeric") } الساعة { DATETIME($until, hour: "numeric", minute: "2-digit") } بتوقيت { DATETIME($until, dateStyle: "none", timeStyle: "none", timeZoneName: "city") }
# No end was planned: the start alone ("ابتداءً من", from then on).
window-open = يوم { DATETIME($from, weekday: "long") } { DATETIME($from, month: "long", day: "numeric") }، ابتداءً من الساعة { DATETIME($from, hour: "numeric", minute: "2-digit") } بتوقيت { DATETIME($from, dateStyle: "none", timeStyle: "none", timeZoneName: "city") }
# The line with the window, on scheduled, in-progress and cancelled notices.
planned-for = موعد الصيانة: { $window }
# On a cancelled notice: a short label, like planned-for, not a relative
# clause ("الموعد الذي كان مقررًا…").
was-planned-for = موعد الصيانة الملغاة: { $window }
# How long before the work a reminder is sent: $lead whole days (from two
# days on), hours or minutes, as $lead_unit says. Written after "بعد".
starts-in = { $lead_unit ->
        [day] { $lead ->
            [zero] بعد قليل
            [one] بعد يوم
            [two] بعد يومين
            [few] بعد { $lead } أيام
            [many] بعد { $lead } يومًا
           *[other] بعد { $lead } يوم
        }
        [hour] { $lead ->
            [zero] بعد قليل
            [one] بعد ساعة
            [two] بعد ساعتين
            [few] بعد { $lead } ساعات
            [many] بعد { $lead } ساعة
           *[other] بعد { $lead } ساعة
        }
       *[minute] { $lead ->
            [zero] بعد قليل
            [one] بعد دقيقة
            [two] بعد دقيقتين
            [few] بعد { $lead } دقائق
            [many] بعد { $lead } دقيقة
           *[other] بعد { $lead } دقيقة
        }
    }

# Above the first paragraph, for a customer who hears of an incident for the
# first time from a later update: it moved onto something they follow, or
# up to a severity they asked to hear about. An outage may have reached
# them either way, so its sentence names both reasons.
joined-late = { $kind ->
        [maintenance] هذا أول إشعار نرسله إليكم بشأن أعمال الصيانة المجدولة هذه، إذ أصبحت تشمل أحد المنتجات أو المكونات التي تتابعونها.
       *[outage] بدأ هذا الخلل في وقت سابق، بتاريخ { DATETIME($started, dateStyle: "long", timeStyle: "none", timeZoneName: "none") }، الساعة { DATETIME($started, hour: "numeric", minute: "2-digit") } بتوقيت { DATETIME($started, dateStyle: "none", timeStyle: "none", timeZoneName: "city") }. وهذا أول تحديث نرسله إليكم بشأنه، إذ أصبح يؤثر في أحد المنتجات أو المكونات التي تتابعونها أو بلغ مستوى التأثير الذي اخترتم تلقي الإشعارات عنده.
    }

# How long it lasted, on resolved and completed notices.
# With hours and minutes both non-zero, the hours and the minutes each take
# their own plural form ("ساعتان و5 دقائق"), so the two selectors sit side by
# side instead of being multiplied out.
duration = { $hours ->
        [0] { $minutes ->
                [zero] المدة: أقل من دقيقة
                [one] المدة: دقيقة واحدة
                [two] المدة: دقيقتان
                [few] المدة: { $minutes } دقائق
                [many] المدة: { $minutes } دقيقة
               *[other] المدة: { $minutes } دقيقة
            }
       *[other] { $minutes ->
                [0] { $hours ->
                        [zero] المدة: { $hours } ساعة
                        [one] المدة: ساعة واحدة
                        [two] المدة: ساعتان
                        [few] المدة: { $hours } ساعات
                        [many] المدة: { $hours } ساعة
                       *[other] المدة: { $hours } ساعة
                    }
               *[other] المدة: { $hours ->
                        [zero] { $hours } ساعة
                        [one] ساعة
                        [two] ساعتان
                        [few] { $hours } ساعات
                        [many] { $hours } ساعة
                       *[other] { $hours } ساعة
                    } و{ $minutes ->
                        [zero] { $minutes } دقيقة
                        [one] دقيقة واحدة
                        [two] دقيقتان
                        [few] { $minutes } دقائق
                        [many] { $minutes } دقيقة
                       *[other] { $minutes } دقيقة
                    }
            }
    }

## When the next update is due (not on resolved or completed notices).

next-update-minutes = { $next_minutes ->
        [zero] سنوافيكم بالتحديث التالي خلال لحظات.
        [one] سنوافيكم بالتحديث التالي خلال دقيقة.
        [two] سنوافيكم بالتحديث التالي خلال دقيقتين.
        [few] سنوافيكم بالتحديث التالي خلال { $next_minutes } دقائق.
        [many] سنوافيكم بالتحديث التالي خلال { $next_minutes } دقيقة.
       *[other] سنوافيكم بالتحديث التالي خلال { $next_minutes } دقيقة.
    }
next-update-hours = { $next_hours ->
        [zero] سنوافيكم بالتحديث التالي قريبًا.
        [one] سنوافيكم بالتحديث التالي خلال ساعة.
        [two] سنوافيكم بالتحديث التالي خلال ساعتين.
        [few] سنوافيكم بالتحديث التالي خلال { $next_hours } ساعات.
        [many] سنوافيكم بالتحديث التالي خلال { $next_hours } ساعة.
       *[other] سنوافيكم بالتحديث التالي خلال { $next_hours } ساعة.
    }
# Hours and minutes, both genitive after "خلال" ("ساعتين ودقيقتين"); a
# quarter and a half hour are said as Arabic says them: "خلال ساعة ونصف"،
# "خلال ساعتين وربع"، "خلال 3 ساعات ونصف".
next-update-hours-minutes = سنوافيكم بالتحديث التالي خلال { $next_hours ->
        [zero] { $next_hours } ساعة
        [one] ساعة
        [two] ساعتين
        [few] { $next_hours } ساعات
        [many] { $next_hours } ساعة
       *[other] { $next_hours } ساعة
    } و{ $next_rest_minutes ->
        [15] ربع
        [30] نصف
        [zero] { $next_rest_minutes } دقيقة
        [one] دقيقة
        [two] دقيقتين
        [few] { $next_rest_minutes } دقائق
        [many] { $next_rest_minutes } دقيقة
       *[other] { $next_rest_minutes } دقيقة
    }.
next-update-on-change = { $kind ->
        [maintenance] إذا طرأ أي تغيير على أعمال الصيانة، فسنوافيكم به فورًا.
       *[outage] سنرسل إليكم تحديثًا فور حدوث أي تغيير.
    }

## The details our team wrote about this update.

details-heading = التفاصيل
details-not-in-your-language = (لم تتوفر ترجمة هذا الجزء إلى اللغة العربية بعد.)

## The footer of every email.

footer-reason = { $kind ->
        [maintenance] تصلكم هذه الرسالة لأنكم تستخدمون { $product }، ولأن حسابكم مُعَدّ لتلقي الإشعارات الخاصة بأعمال الصيانة المجدولة التي تؤثر في { $product }.
       *[outage] تصلكم هذه الرسالة لأنكم تستخدمون { $product }، ولأن حسابكم مُعَدّ لتلقي الإشعارات الخاصة بالأعطال التي تؤثر في { $product }.
    }
footer-status-page = يمكنكم متابعة المستجدات لحظة بلحظة عبر صفحة حالة الخدمة: { $status_page }
status-page-link = عرض صفحة حالة الخدمة

## The Atom feed of incidents and maintenance.

feed-title = حالة خدمات { $site }: الأعطال وأعمال الصيانة المجدولة

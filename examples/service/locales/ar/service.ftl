service-inbox-heading = آخر المستجدات بشأن الأعطال
service-inbox-empty = لا توجد حاليًا أي أعطال تؤثر في حسابكم.
service-inbox-mark-read = وضع علامة كمقروء
service-inbox-unread = جديد

service-unsubscribe-heading = إشعارات البريد الإلكتروني
service-unsubscribe-question = { $scope ->
    [maintenance] هل تريدون إيقاف رسائل البريد الإلكتروني الخاصة بالصيانة المجدولة؟
    [product] هل تريدون إيقاف رسائل البريد الإلكتروني الخاصة بأعطال «{ $name }»؟
    [component] هل تريدون إيقاف رسائل البريد الإلكتروني الخاصة بالأعطال التي تؤثر في «{ $name }»؟
   *[all] هل تريدون إيقاف رسائل البريد الإلكتروني الخاصة بالأعطال والصيانة؟
}
service-unsubscribe-still = يمكنكم متابعة الأعطال على صفحة الأعطال في حسابكم.
service-unsubscribe-confirm = إلغاء الاشتراك
service-unsubscribe-only-maintenance = إيقاف رسائل الصيانة المجدولة فقط
service-unsubscribe-done = { $scope ->
    [maintenance] لن تصلكم بعد الآن رسائل بريد إلكتروني بشأن الصيانة المجدولة.
    [product] لن تصلكم بعد الآن رسائل بريد إلكتروني بشأن أعطال «{ $name }».
    [component] لن تصلكم بعد الآن رسائل بريد إلكتروني بشأن الأعطال التي تؤثر في «{ $name }».
   *[all] لن تصلكم بعد الآن رسائل بريد إلكتروني بشأن الأعطال والصيانة.
}
service-unsubscribe-undo = هل ألغيتم الاشتراك عن طريق الخطأ؟
service-unsubscribe-resubscribe = إعادة الاشتراك
service-unsubscribe-resubscribed = تمت إعادة اشتراككم، وستصلكم هذه الرسائل كما كانت من قبل.
service-unsubscribe-invalid = رابط إلغاء الاشتراك هذا غير صالح. يُرجى استخدام الرابط الوارد في أحدث رسالة، أو التواصل مع فريق الدعم.

## The public status page (/status). $site is the service's name as the
## operator gives it (--site-name). As in feed-title, it follows "حالة خدمات"
## and nothing agrees with it.

service-status-heading = حالة خدمات { $site }
service-status-current = الأعطال الحالية
service-status-all-clear = يعمل كل شيء بصورة طبيعية.
service-status-planned = أعمال الصيانة المجدولة
service-status-none-planned = لا توجد أعمال صيانة مجدولة حاليًا.
service-status-past = سجل الأعطال وأعمال الصيانة
service-status-none-past = لا يوجد ما يُعرض بعد.
service-status-every-update = التحديثات السابقة
service-status-feed = متابعة هذه التحديثات عبر قارئ الخلاصات

service-inbox-heading = آخر المستجدات بشأن الأعطال
service-inbox-empty = لا توجد حاليًا أي أعطال تؤثر في حسابكم.
service-inbox-mark-read = وضع علامة كمقروء
service-inbox-unread = جديد

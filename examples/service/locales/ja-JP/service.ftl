service-inbox-heading = 障害に関するお知らせ
service-inbox-empty = 現在、お客様のアカウントに影響する障害はございません。
service-inbox-mark-read = 既読にする
service-inbox-unread = 未読

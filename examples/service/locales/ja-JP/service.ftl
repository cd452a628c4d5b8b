service-inbox-heading = 障害に関するお知らせ
service-inbox-empty = 現在、お客様のアカウントに影響する障害はございません。
service-inbox-mark-read = 既読にする
service-inbox-unread = 未読

service-unsubscribe-heading = メール通知
service-unsubscribe-question = { $scope ->
    [maintenance] 計画メンテナンスに関するメールの配信を停止しますか？
    [product] 「{ $name }」の障害に関するメールの配信を停止しますか？
    [component] 「{ $name }」に影響する障害に関するメールの配信を停止しますか？
   *[all] 障害およびメンテナンスに関するメールの配信を停止しますか？
}
service-unsubscribe-still = 障害の状況は、引き続きアカウントの障害情報ページでご確認いただけます。
service-unsubscribe-confirm = 配信を停止する
service-unsubscribe-only-maintenance = 計画メンテナンスのメールのみ停止する
service-unsubscribe-done = { $scope ->
    [maintenance] 計画メンテナンスに関するメールの配信を停止しました。
    [product] 「{ $name }」の障害に関するメールの配信を停止しました。
    [component] 「{ $name }」に影響する障害に関するメールの配信を停止しました。
   *[all] 障害およびメンテナンスに関するメールの配信を停止しました。
}
service-unsubscribe-undo = 誤って配信を停止された場合
service-unsubscribe-resubscribe = 配信を再開する
service-unsubscribe-resubscribed = 配信を再開しました。これまでどおりメールをお届けします。
service-unsubscribe-invalid = この配信停止リンクは無効です。最新のメールに記載のリンクをご利用いただくか、サポートまでお問い合わせください。

## The public status page (/status). $site is the service's name as the
## operator gives it (--site-name).

service-status-heading = { $site }の稼働状況
service-status-current = 現在発生中の障害
service-status-all-clear = 現在、すべてのサービスが正常に稼働しております。
service-status-planned = 計画メンテナンス
service-status-none-planned = 現在、予定されているメンテナンスはございません。
service-status-past = 過去の障害・メンテナンス
service-status-none-past = まだ表示できる情報はございません。
service-status-every-update = 以前の報告
service-status-feed = 障害・メンテナンス情報をRSSリーダーで購読する

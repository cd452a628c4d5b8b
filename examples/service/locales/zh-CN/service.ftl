service-inbox-heading = 故障通知
service-inbox-empty = 目前没有影响您账户的故障。
service-inbox-mark-read = 标为已读
service-inbox-unread = 新

service-unsubscribe-heading = 邮件通知
service-unsubscribe-question = { $scope ->
    [maintenance] 确定不再接收计划维护通知邮件吗？
    [product] 确定不再接收{ $name }的故障通知邮件吗？
    [component] 确定不再接收影响{ $name }的故障通知邮件吗？
   *[all] 确定不再接收故障和计划维护通知邮件吗？
}
service-unsubscribe-still = 您仍可以在账户的故障页面随时查看故障动态。
service-unsubscribe-confirm = 取消订阅
service-unsubscribe-only-maintenance = 仅停止接收计划维护通知邮件
service-unsubscribe-done = { $scope ->
    [maintenance] 您将不再收到计划维护通知邮件。
    [product] 您将不再收到{ $name }的故障通知邮件。
    [component] 您将不再收到影响{ $name }的故障通知邮件。
   *[all] 您将不再收到故障和计划维护通知邮件。
}
service-unsubscribe-undo = 误取消了订阅？
service-unsubscribe-resubscribe = 重新订阅
service-unsubscribe-resubscribed = 您已重新订阅，今后将照常收到这些邮件。
service-unsubscribe-invalid = 此取消订阅链接无效。请使用最新一封邮件中的链接，或联系我们的客服支持团队。

## The public status page (/status). $site is the service's name as the
## operator gives it (--site-name).

service-status-heading = { $site }的服务状态
service-status-current = 当前故障
service-status-all-clear = 目前所有服务均运行正常。
service-status-planned = 计划维护
service-status-none-planned = 目前暂无计划维护。
service-status-past = 历史故障与维护
service-status-none-past = 暂无记录。
service-status-every-update = 此前的更新
service-status-feed = 通过RSS阅读器订阅这些更新

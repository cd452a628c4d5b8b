# Register and product-name framing as in locales/pt-BR/tidings.ftl: "você",
# no gender agreement with the customer; $name always follows "serviço".

service-inbox-heading = Atualizações sobre incidentes
service-inbox-empty = No momento, não há nenhum incidente afetando a sua conta.
service-inbox-mark-read = Marcar como lido
service-inbox-unread = Novo

service-unsubscribe-heading = Notificações por e-mail
service-unsubscribe-question = { $scope ->
    [maintenance] Deixar de receber e-mails sobre manutenções programadas?
    [product] Deixar de receber e-mails sobre incidentes no serviço { $name }?
    [component] Deixar de receber e-mails sobre incidentes que afetem o serviço { $name }?
   *[all] Deixar de receber e-mails sobre incidentes e manutenções programadas?
}
service-unsubscribe-still = Você ainda poderá acompanhar os incidentes na página de incidentes da sua conta.
service-unsubscribe-confirm = Cancelar inscrição
service-unsubscribe-only-maintenance = Deixar de receber apenas os e-mails sobre manutenções programadas
service-unsubscribe-done = { $scope ->
    [maintenance] Você não receberá mais e-mails sobre manutenções programadas.
    [product] Você não receberá mais e-mails sobre incidentes no serviço { $name }.
    [component] Você não receberá mais e-mails sobre incidentes que afetem o serviço { $name }.
   *[all] Você não receberá mais e-mails sobre incidentes e manutenções programadas.
}
service-unsubscribe-undo = Cancelou a inscrição por engano?
service-unsubscribe-resubscribe = Inscrever-se novamente
service-unsubscribe-resubscribed = Sua inscrição foi reativada: você receberá estes e-mails como antes.
service-unsubscribe-invalid = Este link de cancelamento de inscrição não é válido. Use o link do e-mail mais recente ou entre em contato com a nossa equipe de suporte.

## The public status page (/status). $site is the service's name as the
## operator gives it (--site-name). It follows "serviço", as in feed-title.

service-status-heading = Status do serviço { $site }
service-status-current = Incidentes em andamento
service-status-all-clear = Tudo está funcionando normalmente.
service-status-planned = Manutenções programadas
service-status-none-planned = Não há manutenções programadas no momento.
service-status-past = Incidentes e manutenções anteriores
service-status-none-past = Ainda não há nada para mostrar.
service-status-every-update = Atualizações anteriores
service-status-feed = Acompanhe estas atualizações em um leitor de feeds

service-inbox-heading = Aggiornamenti sui disservizi
service-inbox-empty = Al momento non ci sono disservizi che riguardano il Suo account.
service-inbox-mark-read = Segna come letto
service-inbox-unread = Nuovo

service-unsubscribe-heading = Notifiche via email
service-unsubscribe-question = { $scope ->
    [maintenance] Vuole smettere di ricevere email sulle manutenzioni programmate?
    [product] Vuole smettere di ricevere email sui disservizi di «{ $name }»?
    [component] Vuole smettere di ricevere email sui disservizi che riguardano «{ $name }»?
   *[all] Vuole smettere di ricevere email su disservizi e manutenzioni?
}
service-unsubscribe-still = Potrà comunque seguire i disservizi dalla pagina dedicata del Suo account.
service-unsubscribe-confirm = Annulla l’iscrizione
service-unsubscribe-only-maintenance = Interrompi solo le email sulle manutenzioni programmate
service-unsubscribe-done = { $scope ->
    [maintenance] Non riceverà più email sulle manutenzioni programmate.
    [product] Non riceverà più email sui disservizi di «{ $name }».
    [component] Non riceverà più email sui disservizi che riguardano «{ $name }».
   *[all] Non riceverà più email su disservizi e manutenzioni.
}
service-unsubscribe-undo = Ha annullato l’iscrizione per errore?
service-unsubscribe-resubscribe = Iscriviti di nuovo
service-unsubscribe-resubscribed = L’iscrizione è di nuovo attiva: riceverà queste email come prima.
service-unsubscribe-invalid = Questo link per annullare l’iscrizione non è valido. Usi il link dell’email più recente o contatti l’assistenza.

## The public status page (/status). $site is the service's name as the
## operator gives it (--site-name). As in tidings.ftl, no article or noun
## right before it: "Stato di { $site }", like feed-title.

service-status-heading = Stato di { $site }
service-status-current = Disservizi in corso
service-status-all-clear = Al momento tutto funziona regolarmente.
service-status-planned = Manutenzioni programmate
service-status-none-planned = Al momento non sono previste manutenzioni.
service-status-past = Disservizi e manutenzioni precedenti
service-status-none-past = Non c’è ancora nulla da mostrare.
service-status-every-update = Aggiornamenti precedenti
service-status-feed = Segua questi aggiornamenti con un lettore di feed

service-inbox-heading = Meldungen zu Störungen
service-inbox-empty = Derzeit gibt es keine Störungen, die Ihr Konto betreffen.
service-inbox-mark-read = Als gelesen markieren
service-inbox-unread = Neu

service-unsubscribe-heading = E-Mail-Benachrichtigungen
service-unsubscribe-question = { $scope ->
    [maintenance] Keine E-Mails mehr zu geplanten Wartungsarbeiten erhalten?
    [product] Keine E-Mails mehr zu Störungen bei „{ $name }“ erhalten?
    [component] Keine E-Mails mehr zu Störungen bei „{ $name }“ erhalten?
   *[all] Keine E-Mails mehr zu Störungen und Wartungsarbeiten erhalten?
}
service-unsubscribe-still = Auf der Störungsseite Ihres Kontos können Sie Störungen weiterhin verfolgen.
service-unsubscribe-confirm = Abmelden
service-unsubscribe-only-maintenance = Nur E-Mails zu geplanten Wartungsarbeiten abbestellen
service-unsubscribe-done = { $scope ->
    [maintenance] Sie erhalten keine E-Mails mehr zu geplanten Wartungsarbeiten.
    [product] Sie erhalten keine E-Mails mehr zu Störungen bei „{ $name }“.
    [component] Sie erhalten keine E-Mails mehr zu Störungen bei „{ $name }“.
   *[all] Sie erhalten keine E-Mails mehr zu Störungen und Wartungsarbeiten.
}
service-unsubscribe-undo = Versehentlich abgemeldet?
service-unsubscribe-resubscribe = Wieder anmelden
service-unsubscribe-resubscribed = Sie sind wieder angemeldet und erhalten diese E-Mails wie bisher.
service-unsubscribe-invalid = Dieser Abmeldelink ist ungültig. Bitte verwenden Sie den Link aus der neuesten E-Mail oder wenden Sie sich an unseren Support.

## The public status page (/status). $site is the service's name as the
## operator gives it (--site-name).

service-status-heading = { $site }: Betriebsstatus
service-status-current = Aktuelle Störungen
service-status-all-clear = Alles funktioniert normal.
service-status-planned = Geplante Wartungsarbeiten
service-status-none-planned = Es sind keine Wartungsarbeiten geplant.
service-status-past = Vergangene Störungen und Wartungsarbeiten
service-status-none-past = Bisher gibt es hier keine Einträge.
service-status-every-update = Frühere Updates
service-status-feed = Diese Updates im Feedreader verfolgen

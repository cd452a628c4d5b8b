service-inbox-heading = Updates over storingen
service-inbox-empty = Er zijn op dit moment geen storingen die gevolgen hebben voor je account.
service-inbox-mark-read = Markeren als gelezen
service-inbox-unread = Nieuw

service-unsubscribe-heading = Meldingen per e-mail
service-unsubscribe-question = { $scope ->
    [maintenance] Geen e-mails meer ontvangen over gepland onderhoud?
    [product] Geen e-mails meer ontvangen over storingen bij ‘{ $name }’?
    [component] Geen e-mails meer ontvangen over storingen bij ‘{ $name }’?
   *[all] Geen e-mails meer ontvangen over storingen en onderhoud?
}
service-unsubscribe-still = Je kunt storingen blijven volgen op de storingspagina van je account.
service-unsubscribe-confirm = Afmelden
service-unsubscribe-only-maintenance = Alleen afmelden voor e-mails over gepland onderhoud
service-unsubscribe-done = { $scope ->
    [maintenance] Je ontvangt geen e-mails meer over gepland onderhoud.
    [product] Je ontvangt geen e-mails meer over storingen bij ‘{ $name }’.
    [component] Je ontvangt geen e-mails meer over storingen bij ‘{ $name }’.
   *[all] Je ontvangt geen e-mails meer over storingen en onderhoud.
}
service-unsubscribe-undo = Per ongeluk afgemeld?
service-unsubscribe-resubscribe = Opnieuw aanmelden
service-unsubscribe-resubscribed = Je bent weer aangemeld en ontvangt deze e-mails zoals voorheen.
service-unsubscribe-invalid = Deze afmeldlink is niet geldig. Gebruik de link in de meest recente e-mail of neem contact op met onze support.

## The public status page (/status). $site is the service's name as the
## operator gives it (--site-name).

service-status-heading = Status van { $site }
service-status-current = Actuele storingen
service-status-all-clear = Alles werkt normaal.
service-status-planned = Gepland onderhoud
service-status-none-planned = Er is geen onderhoud gepland.
service-status-past = Eerdere storingen en onderhoud
service-status-none-past = Er is nog niets te melden.
service-status-every-update = Eerdere updates
service-status-feed = Volg deze updates in een feedreader

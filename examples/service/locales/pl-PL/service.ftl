### Register and wording as in locales/pl-PL/tidings.ftl: the formal
### "Państwo" form; "zakłócenia" for incidents, "prace serwisowe" for
### planned maintenance; $name always framed by "usługa" ("usługi „…”").
### The inbox also lists planned work, so its heading and empty text name
### both, never calling maintenance "zakłócenia".

service-inbox-heading = Komunikaty o stanie usług
service-inbox-empty = Obecnie nie ma żadnych zakłóceń ani prac serwisowych dotyczących Państwa konta.
service-inbox-mark-read = Oznacz jako przeczytane
service-inbox-unread = Nieprzeczytane

service-unsubscribe-heading = Powiadomienia e-mail
service-unsubscribe-question = { $scope ->
    [maintenance] Czy chcą Państwo zrezygnować z powiadomień e-mail o planowanych pracach serwisowych?
    [product] Czy chcą Państwo zrezygnować z powiadomień e-mail o zakłóceniach w działaniu usługi „{ $name }”?
    [component] Czy chcą Państwo zrezygnować z powiadomień e-mail o zakłóceniach dotyczących usługi „{ $name }”?
   *[all] Czy chcą Państwo zrezygnować z powiadomień e-mail o zakłóceniach i pracach serwisowych?
}
service-unsubscribe-still = Informacje o zakłóceniach nadal będą dostępne na stronie komunikatów w Państwa koncie.
service-unsubscribe-confirm = Zrezygnuj z powiadomień
service-unsubscribe-only-maintenance = Zrezygnuj tylko z powiadomień o planowanych pracach serwisowych
service-unsubscribe-done = { $scope ->
    [maintenance] Nie będą już Państwo otrzymywać powiadomień e-mail o planowanych pracach serwisowych.
    [product] Nie będą już Państwo otrzymywać powiadomień e-mail o zakłóceniach w działaniu usługi „{ $name }”.
    [component] Nie będą już Państwo otrzymywać powiadomień e-mail o zakłóceniach dotyczących usługi „{ $name }”.
   *[all] Nie będą już Państwo otrzymywać powiadomień e-mail o zakłóceniach ani o pracach serwisowych.
}
service-unsubscribe-undo = Czy rezygnacja z powiadomień była pomyłką?
service-unsubscribe-resubscribe = Przywróć powiadomienia
service-unsubscribe-resubscribed = Powiadomienia zostały przywrócone: będą Państwo otrzymywać te wiadomości e-mail tak jak dotychczas.
service-unsubscribe-invalid = Ten link do rezygnacji z powiadomień jest nieprawidłowy. Prosimy skorzystać z linku z najnowszej wiadomości e-mail lub skontaktować się z naszym zespołem wsparcia.

## The public status page (/status). $site is the service's name as the
## operator gives it (--site-name), framed by "usługa" as in feed-title:
## "Status usługi „{ $site }”". Updates are "komunikaty", as in tidings.ftl.

service-status-heading = Status usługi „{ $site }”
service-status-current = Bieżące zakłócenia
service-status-all-clear = Wszystko działa normalnie.
service-status-planned = Planowane prace serwisowe
service-status-none-planned = Obecnie nie są planowane żadne prace serwisowe.
service-status-past = Historia zakłóceń i prac serwisowych
service-status-none-past = Nie ma jeszcze nic do wyświetlenia.
service-status-every-update = Wcześniejsze komunikaty
service-status-feed = Śledź te komunikaty w czytniku RSS

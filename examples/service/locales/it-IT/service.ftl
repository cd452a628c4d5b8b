service-inbox-heading = Aggiornamenti sui disservizi
service-inbox-empty = Al momento non ci sono disservizi che riguardano il Suo account.
service-inbox-mark-read = Segna come letto
service-inbox-unread = Nuovo

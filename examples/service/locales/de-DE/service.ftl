service-inbox-heading = Meldungen zu Störungen
service-inbox-empty = Derzeit gibt es keine Störungen, die Ihr Konto betreffen.
service-inbox-mark-read = Als gelesen markieren
service-inbox-unread = Neu

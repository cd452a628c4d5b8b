service-inbox-heading = Suivi des incidents
service-inbox-empty = Aucun incident n’affecte votre compte pour le moment.
service-inbox-mark-read = Marquer comme lu
service-inbox-unread = Nouveau

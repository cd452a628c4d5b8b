service-inbox-heading = Avisos de incidencias
service-inbox-empty = En este momento no hay ninguna incidencia que afecte a su cuenta.
service-inbox-mark-read = Marcar como leído
service-inbox-unread = Nuevo

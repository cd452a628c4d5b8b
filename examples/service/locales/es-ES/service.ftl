service-inbox-heading = Avisos de incidencias
service-inbox-empty = En este momento no hay ninguna incidencia que afecte a su cuenta.
service-inbox-mark-read = Marcar como leído
service-inbox-unread = Nuevo

service-unsubscribe-heading = Avisos por correo electrónico
service-unsubscribe-question = { $scope ->
    [maintenance] ¿Quiere dejar de recibir correos sobre mantenimientos programados?
    [product] ¿Quiere dejar de recibir correos sobre incidencias de «{ $name }»?
    [component] ¿Quiere dejar de recibir correos sobre incidencias que afecten a «{ $name }»?
   *[all] ¿Quiere dejar de recibir correos sobre incidencias y mantenimientos?
}
service-unsubscribe-still = Podrá seguir consultando las incidencias en la página de incidencias de su cuenta.
service-unsubscribe-confirm = Darse de baja
service-unsubscribe-only-maintenance = Dejar de recibir solo los correos sobre mantenimientos programados
service-unsubscribe-done = { $scope ->
    [maintenance] Ya no recibirá correos sobre mantenimientos programados.
    [product] Ya no recibirá correos sobre incidencias de «{ $name }».
    [component] Ya no recibirá correos sobre incidencias que afecten a «{ $name }».
   *[all] Ya no recibirá correos sobre incidencias ni mantenimientos.
}
service-unsubscribe-undo = ¿Se ha dado de baja por error?
service-unsubscribe-resubscribe = Volver a suscribirse
service-unsubscribe-resubscribed = Se ha vuelto a suscribir: recibirá estos correos como hasta ahora.
service-unsubscribe-invalid = Este enlace para darse de baja no es válido. Use el enlace del correo más reciente o póngase en contacto con el equipo de soporte.

## The public status page (/status). $site is the service's name as the
## operator gives it (--site-name).

service-status-heading = Estado de { $site }
service-status-current = Incidencias en curso
service-status-all-clear = Todo funciona con normalidad.
service-status-planned = Mantenimiento programado
service-status-none-planned = No hay ningún mantenimiento programado.
service-status-past = Incidencias y mantenimientos anteriores
service-status-none-past = Todavía no hay nada que mostrar.
service-status-every-update = Actualizaciones anteriores
service-status-feed = Siga estas actualizaciones en un lector de feeds

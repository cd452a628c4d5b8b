service-inbox-heading = Suivi des incidents
service-inbox-empty = Aucun incident n’affecte votre compte pour le moment.
service-inbox-mark-read = Marquer comme lu
service-inbox-unread = Nouveau

service-unsubscribe-heading = Notifications par e-mail
service-unsubscribe-question = { $scope ->
    [maintenance] Ne plus recevoir d’e-mails sur les maintenances planifiées ?
    [product] Ne plus recevoir d’e-mails sur les incidents touchant « { $name } » ?
    [component] Ne plus recevoir d’e-mails sur les incidents touchant « { $name } » ?
   *[all] Ne plus recevoir d’e-mails sur les incidents et les maintenances ?
}
service-unsubscribe-still = Vous pourrez toujours suivre les incidents sur la page dédiée de votre compte.
service-unsubscribe-confirm = Se désabonner
service-unsubscribe-only-maintenance = Ne plus recevoir seulement les e-mails de maintenance planifiée
service-unsubscribe-done = { $scope ->
    [maintenance] Vous ne recevrez plus d’e-mails sur les maintenances planifiées.
    [product] Vous ne recevrez plus d’e-mails sur les incidents touchant « { $name } ».
    [component] Vous ne recevrez plus d’e-mails sur les incidents touchant « { $name } ».
   *[all] Vous ne recevrez plus d’e-mails sur les incidents et les maintenances.
}
service-unsubscribe-undo = Vous avez changé d’avis ?
service-unsubscribe-resubscribe = Se réabonner
service-unsubscribe-resubscribed = Votre abonnement est rétabli : vous recevrez de nouveau ces e-mails.
service-unsubscribe-invalid = Ce lien de désabonnement n’est pas valide. Utilisez le lien du dernier e-mail reçu ou contactez notre support.

## The public status page (/status). $site is the service's name as the
## operator gives it (--site-name).

service-status-heading = État du service { $site }
service-status-current = Incidents en cours
service-status-all-clear = Tout fonctionne normalement.
service-status-planned = Maintenances programmées
service-status-none-planned = Aucune maintenance n’est programmée.
service-status-past = Historique des incidents et des maintenances
service-status-none-past = Rien à afficher pour le moment.
service-status-every-update = Mises à jour précédentes
service-status-feed = Suivre ces mises à jour dans un lecteur de flux

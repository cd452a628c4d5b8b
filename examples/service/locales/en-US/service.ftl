# The customer's incident page of the service example (examples/service).

# The page's heading and title.
service-inbox-heading = Incident updates
# Shown when no incident has been posted to the customer's account.
service-inbox-empty = There are no incidents affecting your account right now.
# The button that marks one incident's latest update as read.
service-inbox-mark-read = Mark as read
# The label on an incident whose latest update the customer has not read.
service-inbox-unread = New

## The unsubscribe page, opened from the link in an email. Opening it
## changes nothing (mail scanners open links); the button does.
## $scope is what the link stops: all, maintenance, product or component;
## $name is the product or component's name (empty for all and maintenance).

# The page's heading and title.
service-unsubscribe-heading = Email notifications
# Asks the customer to confirm.
service-unsubscribe-question = { $scope ->
    [maintenance] Stop emails about planned maintenance?
    [product] Stop emails about incidents with { $name }?
    [component] Stop emails about incidents affecting { $name }?
   *[all] Stop emails about incidents and maintenance?
}
# Under the question: what stays.
service-unsubscribe-still = You can still follow incidents on your account's incident page.
# The button that unsubscribes.
service-unsubscribe-confirm = Unsubscribe
# A second button, when the link stops everything: planned maintenance only.
service-unsubscribe-only-maintenance = Only stop emails about planned maintenance
# After the customer unsubscribed (or their mail program did it for them).
service-unsubscribe-done = { $scope ->
    [maintenance] You will no longer get emails about planned maintenance.
    [product] You will no longer get emails about incidents with { $name }.
    [component] You will no longer get emails about incidents affecting { $name }.
   *[all] You will no longer get emails about incidents and maintenance.
}
# Above the button that subscribes again.
service-unsubscribe-undo = Unsubscribed by mistake?
# The button that subscribes again.
service-unsubscribe-resubscribe = Subscribe again
# After the customer subscribed again.
service-unsubscribe-resubscribed = You are subscribed again: these emails will reach you as before.
# A link that was altered, or signed with a key the service no longer has.
service-unsubscribe-invalid = This unsubscribe link is not valid. Please use the link in the most recent email, or contact support.

## The public status page (/status). $site is the service's name as the
## operator gives it (--site-name).

# The page's heading and title.
service-status-heading = { $site } status
# The section of incidents going on now.
service-status-current = Current incidents
# In that section when there is none.
service-status-all-clear = Everything is working normally.
# The section of planned maintenance, announced or under way.
service-status-planned = Planned maintenance
# In that section when none is planned.
service-status-none-planned = No maintenance is planned.
# The section of incidents and maintenance that are over.
service-status-past = Past incidents and maintenance
# In that section when there is none yet.
service-status-none-past = Nothing to show yet.
# Opens the earlier updates of one incident.
service-status-every-update = Earlier updates
# The link to the Atom feed of the same incidents.
service-status-feed = Follow these updates in a feed reader

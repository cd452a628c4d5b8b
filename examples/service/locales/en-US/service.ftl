# The customer's incident page of the service example (examples/service).

# The page's heading and title.
service-inbox-heading = Incident updates
# Shown when no incident has been posted to the customer's account.
service-inbox-empty = There are no incidents affecting your account right now.
# The button that marks one incident's latest update as read.
service-inbox-mark-read = Mark as read
# The label on an incident whose latest update the customer has not read.
service-inbox-unread = New

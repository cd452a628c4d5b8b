service-inbox-heading = Updates over storingen
service-inbox-empty = Er zijn op dit moment geen storingen die gevolgen hebben voor je account.
service-inbox-mark-read = Markeren als gelezen
service-inbox-unread = Nieuw

//! The email options the tool and the service share: DKIM and VERP.

use tidings::channel::email::EmailChannelBuilder;

/// `builder` signing with `--dkim SELECTOR:DOMAIN:KEY_FILE` and returning
/// bounces with `--verp MAILBOX`, when given.
pub fn options(
    builder: EmailChannelBuilder,
    dkim: Option<&str>,
    verp: Option<&str>,
) -> Result<EmailChannelBuilder, String> {
    let builder = match dkim {
        Some(dkim) => {
            let mut parts = dkim.splitn(3, ':');
            let (Some(selector), Some(domain), Some(key)) =
                (parts.next(), parts.next(), parts.next())
            else {
                return Err(format!(
                    "--dkim `{dkim}` must be SELECTOR:DOMAIN:KEY_FILE, as s1:example.com:dkim.pem"
                ));
            };
            builder.dkim(selector, domain, key)
        }
        None => builder,
    };
    Ok(match verp {
        Some(mailbox) => builder.verp(mailbox),
        None => builder,
    })
}

//! Email addresses, as iMessage handles: lower case, a plain ASCII local part, the domain in its ASCII form.

use email_address::{EmailAddress, Options};

use super::problem::MemberProblem;

pub(super) fn normalize_email(s: &str) -> Result<String, MemberProblem> {
    // iMessage handles are case-insensitive; one spelling keeps duplicates detectable.
    let lower = s.to_lowercase();
    if lower.chars().any(char::is_whitespace) {
        return Err(MemberProblem::EmailHasSpace);
    }
    let options = Options::default()
        .with_required_tld()
        .without_domain_literal()
        .without_display_text();
    let address =
        EmailAddress::parse_with_options(&lower, options).map_err(|error| email_problem(&error))?;
    // RFC 5322 allows far more than any iMessage handle uses (quoted local parts, UTF-8 local parts); what is
    // sent is the plain shape every system takes: an ASCII local part, and the domain in its ASCII form.
    let (local, domain) = (address.local_part(), address.domain());
    if !local.chars().all(is_plain_local_char) {
        return Err(MemberProblem::EmailLocalPartNotPlain);
    }
    // An internationalised domain (ann@bücher.de) goes out as its ASCII form (xn--bcher-kva.de), the form
    // mail systems compare, so both spellings are one person.
    let domain = if domain.is_ascii() {
        domain.to_owned()
    } else {
        match url::Host::parse(domain) {
            Ok(url::Host::Domain(ascii)) => ascii,
            _ => return Err(MemberProblem::EmailDomainInvalid),
        }
    };
    // RFC 5322 lets a domain hold any "atext" (`exa'mple.com`), but a domain that resolves is letters, digits and
    // hyphens between dots (RFC 1123), which is also what Blooio's plain-email rule expects. (Found by fuzzing.)
    let host_name = domain.split('.').all(|label| {
        !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    });
    if !host_name {
        return Err(MemberProblem::EmailDomainCharacters);
    }
    let tld = domain.rsplit('.').next().unwrap_or_default();
    let real_tld = (tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()))
        || (tld.len() > 4 && tld.starts_with("xn--"));
    if !real_tld {
        return Err(MemberProblem::EmailNoRealTld);
    }
    // The limits hold for what is sent: an internationalised domain grows in its ASCII form, so an address that
    // fits as typed can be too long once converted. (Found by fuzzing.)
    let address = format!("{local}@{domain}");
    if domain.len() > 253 || address.len() > 254 {
        return Err(MemberProblem::EmailTooLongInAscii);
    }
    Ok(address)
}

/// RFC 5322 "atext" and the dot: what a plain (unquoted, ASCII) local part is made of.
fn is_plain_local_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c)
}

fn email_problem(error: &email_address::Error) -> MemberProblem {
    use email_address::Error as E;
    match error {
        E::LocalPartEmpty => MemberProblem::EmailNothingBeforeAt,
        E::DomainEmpty => MemberProblem::EmailNothingAfterAt,
        E::DomainTooFew => MemberProblem::EmailNoDomain,
        E::SubDomainEmpty | E::DomainInvalidSeparator => MemberProblem::EmailMisplacedDot,
        E::LocalPartTooLong | E::DomainTooLong | E::SubDomainTooLong => MemberProblem::EmailTooLong,
        E::InvalidCharacter => MemberProblem::EmailBadCharacter,
        E::UnsupportedDomainLiteral | E::InvalidIPAddress => MemberProblem::EmailIpAddress,
        E::UnbalancedQuotes | E::InvalidComment => MemberProblem::EmailStrayQuotes,
        E::UnsupportedDisplayName
        | E::MissingDisplayName
        | E::MissingEndBracket
        | E::MissingSeparator => MemberProblem::EmailNotJustAddress,
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::check;
    use crate::rules::members::parse_members;
    use crate::types::MemberStatus;

    #[test]
    fn emails() {
        check(
            "US",
            &[
                ("ann@example.com", Ok("ann@example.com")),
                ("Ann.Lee@Example.COM", Ok("ann.lee@example.com")),
                (
                    "ann+groups@mail.example.co.uk",
                    Ok("ann+groups@mail.example.co.uk"),
                ),
                ("Ann Lee <Ann@Example.com>", Ok("ann@example.com")),
                ("<ann@example.com>", Ok("ann@example.com")),
                ("\"ann@example.com\"", Ok("ann@example.com")),
                ("mailto:ann@example.com", Ok("ann@example.com")),
                (
                    "ann@",
                    Err("Not a valid email address: nothing comes after the @"),
                ),
                (
                    "@example.com",
                    Err("Not a valid email address: nothing comes before the @"),
                ),
                (
                    "ann@localhost",
                    Err("should be a domain such as example.com"),
                ),
                ("ann@@example.com", Err("Not a valid email address")),
                ("ann@example..com", Err("Not a valid email address")),
                ("ann lee@example.com", Err("it has a space in it")),
                ("ann@[127.0.0.1]", Err("Not a valid email address")),
                ("ann@bücher.de", Ok("ann@xn--bcher-kva.de")),
                ("ann@例え.jp", Ok("ann@xn--r8jz45g.jp")),
                ("ann@пример.рф", Ok("ann@xn--e1afmkfd.xn--p1ai")),
                ("jörg@example.com", Err("without quotes or accents")),
                ("用户@例子.广告", Err("without quotes or accents")),
                ("\"ann..lee\"@example.com", Err("without quotes or accents")),
                ("ann@gmail.c", Err("real top-level domain")),
                ("ann@example.123", Err("real top-level domain")),
                ("ann@1.2.3.4", Err("real top-level domain")),
                (
                    "bob@exa'mple.com",
                    Err("can only have letters, digits, hyphens and dots"),
                ),
                (
                    "ann@ex_ample.com",
                    Err("can only have letters, digits, hyphens and dots"),
                ),
                ("ann@example-.com", Err("Not a valid email address")),
                ("o'brien@example.com", Ok("o'brien@example.com")),
            ],
        );
    }

    #[test]
    fn an_address_too_long_only_in_its_ascii_form_is_refused() {
        // 252 characters as typed; the domain's ASCII form (xn--bcher-kva…) makes it 259. (Found by fuzzing.)
        let z = "z".repeat(60);
        let typed = format!("a@bücher.{z}.{z}.{z}.{}.com", "z".repeat(56));
        assert_eq!(typed.chars().count(), 252);
        let report = parse_members(&typed, "US");
        let entry = &report.entries[0];
        assert_eq!(entry.status, MemberStatus::Invalid);
        assert_eq!(
            entry.reason().as_deref(),
            Some(
                "Not a valid email address: it is too long once its domain is written in the ASCII form it is \
                 sent in (at most 254 characters)."
            )
        );
        // Two characters shorter in three labels still fits, and is sent in its ASCII form.
        let z = "z".repeat(58);
        let fits = format!("a@bücher.{z}.{z}.{z}.{}.com", "z".repeat(56));
        let report = parse_members(&fits, "US");
        assert!(report.accepted[0].starts_with("a@xn--bcher-kva."));
        assert!(report.accepted[0].len() <= 254);
    }
}

//! Members pasted as a list: split, classified as phone number or email, normalised (E.164 / lower case),
//! deduplicated, and every rejected entry explained.
//!
//! What Blooio accepts is never refused: Blooio asks for E.164, not for numbers in ranges libphonenumber's
//! metadata knows, and that metadata lags behind new allocations and excludes the fictional numbers
//! documentation uses (`+15551234567`). So a number whose length is possible where it belongs is sent; when it is
//! in no known range it carries a warning (status `check`, `PhoneNotInKnownRange`), as it does when the number
//! sent drops digits the operator wrote (`PhoneReadDifferently`, see `phone::to_check`). Refused are only what can't
//! be a number: a wrong length, no such country code, letters, fewer than 7 or more than 15 digits.
//!
//! Default region: numbers written without a country code are read as numbers of `default_region`. An unknown
//! region code is not silently replaced by another country (that would turn a British `07…` number into a wrong
//! American one); instead, numbers that need the region are rejected with a reason that says to add the country
//! code or choose a default country, while numbers with `+` or `00` still work. `check_region` lets a caller
//! (the CLI) refuse a bad region up front.
//!
//! The rooms: `split` cuts the list into entries, `entry` reads one entry, `phone` and `email` normalise it,
//! `checker` puts the list together (duplicates, the memo), `problem` names what can be wrong as codes, and
//! `wording` turns those into English. The region list lives in `rules::regions`.

mod checker;
mod email;
mod entry;
mod phone;
mod problem;
mod split;
#[cfg(test)]
mod testing;
mod wording;

pub use checker::{parse_members, remove_members, warm_up, MemberChecker};
pub use problem::{MemberProblem, NumberPlace};
pub(crate) use wording::shorten;

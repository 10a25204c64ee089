//! Phone numbers a spreadsheet kept as numbers, read back as their digits.
//!
//! Excel (and Numbers, and pandas) turn a typed `15551234567` into a number: a CSV then holds `15551234567.0` or,
//! past eleven characters in Excel's General format, `1.5551234567E+10`; a workbook holds a float. The member rules
//! can't read either, so a member cell in one of these shapes is turned back into digits here — only when that is
//! exact. `1.55512E+11` has lost digits (Excel rounded the display before saving): it is left alone and flagged.
//! Where the decimal mark is a comma (the locales whose CSV uses `;`), Excel writes `1,5551234567E+10` and
//! `15551234567,0`; a comma is read as the decimal mark only in these exact shapes, which no list of members has.

use crate::sheet::Cell;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Digits {
    /// The number, digit for digit.
    Exact(String),
    /// Scientific notation with fewer digits than the number has: the rest are gone.
    Lost,
}

/// `None` when the cell is not a number in disguise (it is read as typed).
pub fn restore_digits(cell: &Cell) -> Option<Digits> {
    let text = cell.text.trim();
    if cell.number {
        // A number cell's text is already the float's shortest decimal form; only whole numbers are phone numbers.
        return is_digits(text).then(|| Digits::Exact(text.to_owned()));
    }
    if let Some((whole, zeros)) = text.split_once(['.', ',']) {
        if is_digits(whole) && !zeros.is_empty() && zeros.bytes().all(|b| b == b'0') {
            return Some(Digits::Exact(whole.to_owned()));
        }
    }
    scientific(text)
}

/// `1.5551234567E+10`, `1.5551234567e10`: a mantissa with one or more digits before the point, an exponent.
fn scientific(text: &str) -> Option<Digits> {
    let (mantissa, exponent) = text.split_once(['e', 'E'])?;
    let exponent = exponent.strip_prefix('+').unwrap_or(exponent);
    if !is_digits(exponent) || exponent.len() > 3 {
        return None;
    }
    let exponent: usize = exponent.parse().ok()?;
    let (whole, fraction) = mantissa.split_once(['.', ',']).unwrap_or((mantissa, ""));
    if !is_digits(whole) || !(fraction.is_empty() || is_digits(fraction)) {
        return None;
    }
    // Fewer fraction digits than the exponent: the number ends in zeros the file never held (rounded away).
    // More: not a whole number, so not a phone number.
    if fraction.len() < exponent {
        return Some(Digits::Lost);
    }
    if fraction.len() > exponent {
        return None;
    }
    let digits = format!("{whole}{fraction}");
    let digits = digits.trim_start_matches('0');
    (!digits.is_empty()).then(|| Digits::Exact(digits.to_owned()))
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells() {
        let exact = |s: &str| Some(Digits::Exact(s.to_owned()));
        let cases: Vec<(Cell, Option<Digits>)> = vec![
            (Cell::text("15551234567.0"), exact("15551234567")),
            (Cell::text(" 15551234567.00 "), exact("15551234567")),
            (Cell::text("1.5551234567E+10"), exact("15551234567")),
            (Cell::text("1.5551234567e10"), exact("15551234567")),
            (Cell::text("1,5551234567E+10"), exact("15551234567")),
            (Cell::text("15551234567,0"), exact("15551234567")),
            (Cell::text("15551234567, 0"), None),
            (Cell::text("4.47700900123E+11"), exact("447700900123")),
            (Cell::text("1.55512E+11"), Some(Digits::Lost)),
            (Cell::text("1E+10"), Some(Digits::Lost)),
            (Cell::text("1.25E+1"), None),
            (Cell::text("1.5"), None),
            (Cell::text("15551234567"), None),
            (Cell::text("+1 555 123 4567"), None),
            (Cell::text("ann@example.com"), None),
            (Cell::text("E+10"), None),
            (Cell::text("1.5E+99999"), None),
            (Cell::text(".0"), None),
            (Cell::number("15551234567"), exact("15551234567")),
            (Cell::number("2.5"), None),
            (Cell::number("-3"), None),
        ];
        for (cell, expected) in cases {
            assert_eq!(restore_digits(&cell), expected, "{cell:?}");
        }
    }
}

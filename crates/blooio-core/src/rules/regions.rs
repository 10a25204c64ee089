//! The regions a default region can be: the codes libphonenumber has numbering rules for, their English short
//! names (so a reason can say "United Kingdom (GB)" rather than a bare code) and calling codes, and the region of
//! a locale. The name table is sorted by code for binary search; a test checks it covers libphonenumber's whole
//! database.

use rlibphonenumber::{Region as PhoneRegion, PHONE_NUMBER_UTIL};

use super::members::shorten;
use crate::problem::InputProblem;
use crate::types::{Field, FieldProblem, Region};

pub(crate) const REGION_NAMES: &[(&str, &str)] = &[
    ("AC", "Ascension Island"),
    ("AD", "Andorra"),
    ("AE", "United Arab Emirates"),
    ("AF", "Afghanistan"),
    ("AG", "Antigua and Barbuda"),
    ("AI", "Anguilla"),
    ("AL", "Albania"),
    ("AM", "Armenia"),
    ("AO", "Angola"),
    ("AR", "Argentina"),
    ("AS", "American Samoa"),
    ("AT", "Austria"),
    ("AU", "Australia"),
    ("AW", "Aruba"),
    ("AX", "Åland Islands"),
    ("AZ", "Azerbaijan"),
    ("BA", "Bosnia and Herzegovina"),
    ("BB", "Barbados"),
    ("BD", "Bangladesh"),
    ("BE", "Belgium"),
    ("BF", "Burkina Faso"),
    ("BG", "Bulgaria"),
    ("BH", "Bahrain"),
    ("BI", "Burundi"),
    ("BJ", "Benin"),
    ("BL", "Saint Barthélemy"),
    ("BM", "Bermuda"),
    ("BN", "Brunei"),
    ("BO", "Bolivia"),
    ("BQ", "Caribbean Netherlands"),
    ("BR", "Brazil"),
    ("BS", "Bahamas"),
    ("BT", "Bhutan"),
    ("BW", "Botswana"),
    ("BY", "Belarus"),
    ("BZ", "Belize"),
    ("CA", "Canada"),
    ("CC", "Cocos (Keeling) Islands"),
    ("CD", "Congo (DRC)"),
    ("CF", "Central African Republic"),
    ("CG", "Congo (Republic)"),
    ("CH", "Switzerland"),
    ("CI", "Côte d’Ivoire"),
    ("CK", "Cook Islands"),
    ("CL", "Chile"),
    ("CM", "Cameroon"),
    ("CN", "China"),
    ("CO", "Colombia"),
    ("CR", "Costa Rica"),
    ("CU", "Cuba"),
    ("CV", "Cape Verde"),
    ("CW", "Curaçao"),
    ("CX", "Christmas Island"),
    ("CY", "Cyprus"),
    ("CZ", "Czechia"),
    ("DE", "Germany"),
    ("DJ", "Djibouti"),
    ("DK", "Denmark"),
    ("DM", "Dominica"),
    ("DO", "Dominican Republic"),
    ("DZ", "Algeria"),
    ("EC", "Ecuador"),
    ("EE", "Estonia"),
    ("EG", "Egypt"),
    ("EH", "Western Sahara"),
    ("ER", "Eritrea"),
    ("ES", "Spain"),
    ("ET", "Ethiopia"),
    ("FI", "Finland"),
    ("FJ", "Fiji"),
    ("FK", "Falkland Islands"),
    ("FM", "Micronesia"),
    ("FO", "Faroe Islands"),
    ("FR", "France"),
    ("GA", "Gabon"),
    ("GB", "United Kingdom"),
    ("GD", "Grenada"),
    ("GE", "Georgia"),
    ("GF", "French Guiana"),
    ("GG", "Guernsey"),
    ("GH", "Ghana"),
    ("GI", "Gibraltar"),
    ("GL", "Greenland"),
    ("GM", "Gambia"),
    ("GN", "Guinea"),
    ("GP", "Guadeloupe"),
    ("GQ", "Equatorial Guinea"),
    ("GR", "Greece"),
    ("GT", "Guatemala"),
    ("GU", "Guam"),
    ("GW", "Guinea-Bissau"),
    ("GY", "Guyana"),
    ("HK", "Hong Kong"),
    ("HN", "Honduras"),
    ("HR", "Croatia"),
    ("HT", "Haiti"),
    ("HU", "Hungary"),
    ("ID", "Indonesia"),
    ("IE", "Ireland"),
    ("IL", "Israel"),
    ("IM", "Isle of Man"),
    ("IN", "India"),
    ("IO", "British Indian Ocean Territory"),
    ("IQ", "Iraq"),
    ("IR", "Iran"),
    ("IS", "Iceland"),
    ("IT", "Italy"),
    ("JE", "Jersey"),
    ("JM", "Jamaica"),
    ("JO", "Jordan"),
    ("JP", "Japan"),
    ("KE", "Kenya"),
    ("KG", "Kyrgyzstan"),
    ("KH", "Cambodia"),
    ("KI", "Kiribati"),
    ("KM", "Comoros"),
    ("KN", "Saint Kitts and Nevis"),
    ("KP", "North Korea"),
    ("KR", "South Korea"),
    ("KW", "Kuwait"),
    ("KY", "Cayman Islands"),
    ("KZ", "Kazakhstan"),
    ("LA", "Laos"),
    ("LB", "Lebanon"),
    ("LC", "Saint Lucia"),
    ("LI", "Liechtenstein"),
    ("LK", "Sri Lanka"),
    ("LR", "Liberia"),
    ("LS", "Lesotho"),
    ("LT", "Lithuania"),
    ("LU", "Luxembourg"),
    ("LV", "Latvia"),
    ("LY", "Libya"),
    ("MA", "Morocco"),
    ("MC", "Monaco"),
    ("MD", "Moldova"),
    ("ME", "Montenegro"),
    ("MF", "Saint Martin"),
    ("MG", "Madagascar"),
    ("MH", "Marshall Islands"),
    ("MK", "North Macedonia"),
    ("ML", "Mali"),
    ("MM", "Myanmar"),
    ("MN", "Mongolia"),
    ("MO", "Macao"),
    ("MP", "Northern Mariana Islands"),
    ("MQ", "Martinique"),
    ("MR", "Mauritania"),
    ("MS", "Montserrat"),
    ("MT", "Malta"),
    ("MU", "Mauritius"),
    ("MV", "Maldives"),
    ("MW", "Malawi"),
    ("MX", "Mexico"),
    ("MY", "Malaysia"),
    ("MZ", "Mozambique"),
    ("NA", "Namibia"),
    ("NC", "New Caledonia"),
    ("NE", "Niger"),
    ("NF", "Norfolk Island"),
    ("NG", "Nigeria"),
    ("NI", "Nicaragua"),
    ("NL", "Netherlands"),
    ("NO", "Norway"),
    ("NP", "Nepal"),
    ("NR", "Nauru"),
    ("NU", "Niue"),
    ("NZ", "New Zealand"),
    ("OM", "Oman"),
    ("PA", "Panama"),
    ("PE", "Peru"),
    ("PF", "French Polynesia"),
    ("PG", "Papua New Guinea"),
    ("PH", "Philippines"),
    ("PK", "Pakistan"),
    ("PL", "Poland"),
    ("PM", "Saint Pierre and Miquelon"),
    ("PR", "Puerto Rico"),
    ("PS", "Palestine"),
    ("PT", "Portugal"),
    ("PW", "Palau"),
    ("PY", "Paraguay"),
    ("QA", "Qatar"),
    ("RE", "Réunion"),
    ("RO", "Romania"),
    ("RS", "Serbia"),
    ("RU", "Russia"),
    ("RW", "Rwanda"),
    ("SA", "Saudi Arabia"),
    ("SB", "Solomon Islands"),
    ("SC", "Seychelles"),
    ("SD", "Sudan"),
    ("SE", "Sweden"),
    ("SG", "Singapore"),
    ("SH", "Saint Helena"),
    ("SI", "Slovenia"),
    ("SJ", "Svalbard and Jan Mayen"),
    ("SK", "Slovakia"),
    ("SL", "Sierra Leone"),
    ("SM", "San Marino"),
    ("SN", "Senegal"),
    ("SO", "Somalia"),
    ("SR", "Suriname"),
    ("SS", "South Sudan"),
    ("ST", "São Tomé and Príncipe"),
    ("SV", "El Salvador"),
    ("SX", "Sint Maarten"),
    ("SY", "Syria"),
    ("SZ", "Eswatini"),
    ("TA", "Tristan da Cunha"),
    ("TC", "Turks and Caicos Islands"),
    ("TD", "Chad"),
    ("TG", "Togo"),
    ("TH", "Thailand"),
    ("TJ", "Tajikistan"),
    ("TK", "Tokelau"),
    ("TL", "Timor-Leste"),
    ("TM", "Turkmenistan"),
    ("TN", "Tunisia"),
    ("TO", "Tonga"),
    ("TR", "Türkiye"),
    ("TT", "Trinidad and Tobago"),
    ("TV", "Tuvalu"),
    ("TW", "Taiwan"),
    ("TZ", "Tanzania"),
    ("UA", "Ukraine"),
    ("UG", "Uganda"),
    ("US", "United States"),
    ("UY", "Uruguay"),
    ("UZ", "Uzbekistan"),
    ("VA", "Vatican City"),
    ("VC", "Saint Vincent and the Grenadines"),
    ("VE", "Venezuela"),
    ("VG", "British Virgin Islands"),
    ("VI", "U.S. Virgin Islands"),
    ("VN", "Vietnam"),
    ("VU", "Vanuatu"),
    ("WF", "Wallis and Futuna"),
    ("WS", "Samoa"),
    ("XK", "Kosovo"),
    ("YE", "Yemen"),
    ("YT", "Mayotte"),
    ("ZA", "South Africa"),
    ("ZM", "Zambia"),
    ("ZW", "Zimbabwe"),
];

pub(crate) fn name_of(code: &str) -> Option<&'static str> {
    REGION_NAMES
        .binary_search_by(|(c, _)| (*c).cmp(code))
        .ok()
        .map(|i| REGION_NAMES[i].1)
}

/// The canonical (upper-case) code when `raw` names a region phone numbers can be read for.
pub fn check_region(raw: &str) -> Result<String, FieldProblem> {
    match region_id(raw) {
        Some(id) => Ok(id.to_string()),
        None => Err(FieldProblem::new(
            Field::Members,
            InputProblem::RegionUnknown {
                input: shorten(raw.trim()),
            },
        )),
    }
}

/// English short name of a region code, e.g. `"GB"` → `"United Kingdom"`.
pub fn region_name(code: &str) -> Option<&'static str> {
    name_of(&code.trim().to_ascii_uppercase())
}

/// The codes of every region a default region can be, sorted: those libphonenumber has numbering rules for.
pub fn supported_regions() -> Vec<String> {
    REGION_NAMES
        .iter()
        .filter(|(code, _)| calling_code(code).is_some())
        .map(|(code, _)| (*code).to_owned())
        .collect()
}

/// Every supported region with its English name and calling code, sorted by code, for a country picker.
pub fn region_list() -> Vec<Region> {
    REGION_NAMES
        .iter()
        .filter_map(|(code, name)| {
            Some(Region {
                code: (*code).to_owned(),
                name: (*name).to_owned(),
                calling_code: calling_code(code)?,
            })
        })
        .collect()
}

/// The calling code of a region libphonenumber has numbering rules for (`"GB"` → 44).
fn calling_code(code: &str) -> Option<u16> {
    numbering_region(code).and_then(|(_, calling)| u16::try_from(calling).ok())
}

/// The region a two-letter code names, with its calling code, when libphonenumber has numbering rules for it.
/// `Region` itself takes any two letters (`XX`) and `001` (non-geographic numbers), so both steps are needed.
fn numbering_region(code: &str) -> Option<(PhoneRegion, i32)> {
    let region = PhoneRegion::from_code(code).ok()?;
    let calling = PHONE_NUMBER_UTIL.get_country_code_for_region(region)?;
    Some((region, calling))
}

/// The region of a locale such as `en-GB`, `en_GB.UTF-8`, `de_DE@euro` or `zh-Hans-CN`, when it names one
/// that is supported; `None` for `fr`, `C`, `POSIX`, `es-419`.
pub fn region_from_locale(locale: &str) -> Option<String> {
    let tag = locale.split(['.', '@']).next()?;
    tag.split(['-', '_'])
        .skip(1)
        .find(|part| part.len() == 2 && part.chars().all(|c| c.is_ascii_alphabetic()))
        .and_then(|part| check_region(part).ok())
}

/// The region `raw` names (two letters, any case), when libphonenumber has numbering rules for it.
pub(crate) fn region_id(raw: &str) -> Option<PhoneRegion> {
    let code = raw.trim();
    if code.len() != 2 {
        return None;
    }
    numbering_region(code).map(|(region, _)| region)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_from_locales() {
        let cases = [
            ("en-US", Some("US")),
            ("en-GB", Some("GB")),
            ("en_GB.UTF-8", Some("GB")),
            ("de_DE@euro", Some("DE")),
            ("zh-Hans-CN", Some("CN")),
            ("pt-br", Some("BR")),
            ("fr", None),
            ("C", None),
            ("POSIX", None),
            ("es-419", None),
            ("en-XX", None),
            ("", None),
        ];
        for (locale, want) in cases {
            assert_eq!(region_from_locale(locale).as_deref(), want, "{locale}");
        }
    }

    #[test]
    fn region_table_covers_the_phone_number_database() {
        // Non-geographic numbers (satellite, UIFN: "001") have no region to choose and are not listed here.
        for region in PHONE_NUMBER_UTIL.get_supported_regions() {
            let id = region.as_region_str();
            assert!(name_of(&id).is_some(), "no name for region {id}");
        }
        assert!(
            REGION_NAMES.windows(2).all(|w| w[0].0 < w[1].0),
            "REGION_NAMES must stay sorted"
        );
        assert_eq!(supported_regions().len(), REGION_NAMES.len());
        assert!(supported_regions().windows(2).all(|w| w[0] < w[1]));
        let regions = region_list();
        assert_eq!(regions.len(), REGION_NAMES.len());
        let gb = regions.iter().find(|r| r.code == "GB").unwrap();
        assert_eq!((gb.name.as_str(), gb.calling_code), ("United Kingdom", 44));
        assert_eq!(region_name("us"), Some("United States"));
    }

    #[test]
    fn check_region_takes_any_case_and_refuses_unknown_codes() {
        assert!(check_region("XX").is_err());
        assert!(check_region("").is_err());
        assert_eq!(check_region(" gb").unwrap(), "GB");
    }
}

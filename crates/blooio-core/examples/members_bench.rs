//! Measures `DraftChecker::check` on large pasted lists, as the UI runs it on every keystroke: one checker for the
//! whole run, as the app keeps one for its form.
//! `cargo run --release -p blooio-core --example members_bench` (the size-tuned release profile links with fat LTO;
//! `CARGO_PROFILE_RELEASE_LTO=false` builds much faster and measures the same code at the same opt-level).

use std::time::{Duration, Instant};

use blooio_core::{DraftChecker, GroupDraft};

fn pasted(count: usize, seed: usize) -> String {
    // A realistic mix: national and international numbers in assorted formats, emails, a few bad entries.
    (0..count)
        .map(|i| (i, i + seed))
        .map(|(i, n)| match i % 8 {
            0 => format!("({:03}) 555-{:04}", 212 + n % 7, n % 10_000),
            1 => format!("+1 646 555 {:04}", n % 10_000),
            2 => format!("person{n}@Example.com"),
            3 => format!("+44 20 7946 {:04}", n % 10_000),
            4 => format!("0033 6 12 34 {:02} {:02}", n % 100, (n / 100) % 100),
            5 => format!("415.555.{:04}", n % 10_000),
            6 => format!("+49 151 2345 {:04}", n % 10_000),
            _ => "not a number".to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Only numbers of the default region, in assorted formats, and emails: the common case.
fn pasted_one_country(count: usize, seed: usize) -> String {
    (seed..seed + count)
        .map(|n| match n % 4 {
            0 => format!("({:03}) 555-{:04}", 212 + n % 7, n % 10_000),
            1 => format!("+1 646 555 {:04}", n % 10_000),
            2 => format!("person{n}@Example.com"),
            _ => format!("415.555.{:04}", n % 10_000),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn draft(members: String) -> GroupDraft {
    GroupDraft {
        name: "Benchmark".into(),
        chat_guid: String::new(),
        members,
        default_region: "US".into(),
    }
}

fn time(checker: &mut DraftChecker, draft: &GroupDraft, expected_entries: usize) -> Duration {
    let start = Instant::now();
    let report = checker.check(draft);
    let elapsed = start.elapsed();
    assert_eq!(report.members.entries.len(), expected_entries);
    elapsed
}

fn main() {
    let start = Instant::now();
    blooio_core::warm_up("US");
    println!("warm_up: {:?}", start.elapsed());
    let mut checker = DraftChecker::new();
    for seed in [20_000, 30_000] {
        let fresh = time(&mut checker, &draft(pasted_one_country(1_000, seed)), 1_000);
        println!("  1000 entries, one country: fresh paste {fresh:?}");
    }
    for count in [1_000, 10_000] {
        // The very first paste also compiles the patterns of every region it meets.
        let first = time(&mut checker, &draft(pasted(count, 3_000)), count);
        let list = pasted(count, 0);
        // First sight of every entry: what a fresh paste costs.
        let cold = time(&mut checker, &draft(list.clone()), count);
        // The same list again, as when the operator types in another field.
        let warm = (0..10)
            .map(|_| time(&mut checker, &draft(list.clone()), count))
            .min()
            .unwrap_or_default();
        // One more entry being typed at the end: every keystroke changes one entry.
        let typing = (0..10)
            .map(|i| {
                time(
                    &mut checker,
                    &draft(format!("{list}\n+1 212 555 01{i:02}")),
                    count + 1,
                )
            })
            .min()
            .unwrap_or_default();
        println!("{count:>6} entries: first paste {first:?}, fresh paste {cold:?}, unchanged {warm:?}, one entry typed {typing:?}");
    }
}

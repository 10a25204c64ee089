//! The importer's benchmark: a generated CSV from bytes to preview, and the memory a large one costs.
//!
//!     cargo run --release -p blooio-import --example import_bench
//!
//! Prints `name value target` lines:
//! - `preview_10k_rows_first_ms`: 10,000 groups (2 phone numbers and an email each, all different), bytes →
//!   workbook → sheet → mapping → groups → preview, the first time in the process (the number database loads
//!   then); `preview_10k_rows_ms`: the median of 5 more. Target ≤ 300 ms.
//! - `peak_100k_rows_mib`: the resident-set high-water mark (VmHWM) of a child process that checks a 100,000-row
//!   file from disk, minus its high-water mark after the same steps on a file of the header alone (an empty job:
//!   the rules loaded, nothing in them). Target ≤ 100 MiB. The table is dropped once the groups are read, as the
//!   app does (it keeps the path and the mapping); `…_after_sheet` and `…_after_groups` show the stages before.
//!   Linux only (/proc/self/status).

use std::time::{Duration, Instant};

use blooio_import::{apply, preview, suggest_mapping_for, Limits, Preview, Workbook};

const HEADER: &str = "Group name,Members,Chat GUID\n";

/// `rows` groups with distinct, valid US numbers and emails; every 7th member list uses semicolons.
fn csv(rows: usize) -> String {
    let mut out = String::with_capacity(rows * 80 + HEADER.len());
    out.push_str(HEADER);
    for i in 0..rows {
        let phone = |n: usize| format!("(212) {}-{:04}", 200 + (n / 10_000) % 700, n % 10_000);
        let separator = if i % 7 == 0 { "; " } else { ", " };
        out.push_str(&format!(
            "Group {i},\"{}{separator}{}{separator}person{i}@example.com\",\n",
            phone(2 * i),
            phone(2 * i + 1)
        ));
    }
    out
}

fn run(bytes: Vec<u8>) -> Preview {
    let sheet = Workbook::open(bytes, &Limits::default())
        .and_then(|book| book.into_sheet(None))
        .unwrap_or_else(|problem| panic!("{problem}"));
    let mapping = suggest_mapping_for(&sheet).expect("headers recognised");
    preview(apply(&sheet, &mapping), "US", &|_| false)
}

fn run_path(path: &str) -> Preview {
    let sheet = Workbook::open_path(path.as_ref(), &Limits::default())
        .and_then(|book| book.into_sheet(None))
        .unwrap_or_else(|problem| panic!("{problem}"));
    let mapping = suggest_mapping_for(&sheet).expect("headers recognised");
    preview(apply(&sheet, &mapping), "US", &|_| false)
}

fn vm_hwm_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// The child: an empty job, then the real one, stage by stage. Prints the high-water mark above the empty job
/// after each stage (KiB), then the number of groups.
fn memory_child(empty: &str, full: &str) {
    let empty_preview = run_path(empty);
    assert_eq!(empty_preview.counts.groups, 0);
    let before = vm_hwm_kib();
    let sheet = Workbook::open_path(full.as_ref(), &Limits::default())
        .and_then(|book| book.into_sheet(None))
        .expect("sheet");
    let after_sheet = vm_hwm_kib() - before;
    let mapping = suggest_mapping_for(&sheet).expect("headers recognised");
    let groups = apply(&sheet, &mapping);
    let after_groups = vm_hwm_kib() - before;
    // The app keeps the file's path and the mapping, not the table: a new mapping reads the file again.
    drop(sheet);
    let checked = preview(groups, "US", &|_| false);
    let after_preview = vm_hwm_kib() - before;
    // The preview is alive here: the app holds it while the operator reads it.
    assert!(checked.counts.ready > 0);
    println!(
        "{after_sheet} {after_groups} {after_preview} {}",
        checked.counts.groups
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() == 4 && args[1] == "--memory-child" {
        memory_child(&args[2], &args[3]);
        return;
    }

    // `--smoke`: tiny files, to check the benchmark still runs (scripts/bench.sh --smoke); the figures mean nothing.
    let smoke = args.iter().any(|a| a == "--smoke");
    let (small_rows, large_rows) = if smoke {
        (200, 2_000)
    } else {
        (10_000, 100_000)
    };
    let small = csv(small_rows).into_bytes();
    let started = Instant::now();
    let first = run(small.clone());
    let first_ms = started.elapsed();
    assert_eq!(first.counts.groups, small_rows as u32);
    assert_eq!(
        first.counts.ready,
        small_rows as u32,
        "{:?}",
        first.groups.iter().find(|g| g.request.is_none())
    );
    let mut times: Vec<Duration> = (0..5)
        .map(|_| {
            let bytes = small.clone();
            let started = Instant::now();
            let checked = run(bytes);
            let elapsed = started.elapsed();
            assert_eq!(checked.counts.members, 3 * small_rows as u32);
            elapsed
        })
        .collect();
    times.sort();
    println!(
        "preview_10k_rows_first_ms {:.1} 300",
        first_ms.as_secs_f64() * 1000.0
    );
    println!(
        "preview_10k_rows_ms {:.1} 300",
        times[2].as_secs_f64() * 1000.0
    );

    let dir = std::env::temp_dir().join(format!("blooio-import-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let empty = dir.join("empty.csv");
    let full = dir.join("100k.csv");
    std::fs::write(&empty, HEADER).expect("write");
    std::fs::write(&full, csv(large_rows)).expect("write");
    let file_mib = std::fs::metadata(&full).map(|m| m.len()).unwrap_or(0) as f64 / 1048576.0;
    let output = std::process::Command::new(&args[0])
        .args([
            "--memory-child",
            &empty.to_string_lossy(),
            &full.to_string_lossy(),
        ])
        .output()
        .expect("run the child");
    let _ = std::fs::remove_dir_all(&dir);
    let text = String::from_utf8_lossy(&output.stdout);
    let numbers: Vec<u64> = text
        .split_whitespace()
        .filter_map(|n| n.parse().ok())
        .collect();
    let [sheet, groups, peak, count] = numbers[..] else {
        panic!(
            "child said {text:?}, {}",
            String::from_utf8_lossy(&output.stderr)
        );
    };
    assert_eq!(count, large_rows as u64);
    let mib = |kib: u64| kib as f64 / 1024.0;
    println!("file_100k_rows_mib {file_mib:.1} -");
    println!("peak_100k_rows_after_sheet_mib {:.1} -", mib(sheet));
    println!("peak_100k_rows_after_groups_mib {:.1} -", mib(groups));
    println!("peak_100k_rows_mib {:.1} 100", mib(peak));
}

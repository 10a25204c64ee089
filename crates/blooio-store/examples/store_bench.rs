//! How fast the store is where it matters: journal transitions with `synchronous=FULL` (each one on disk before
//! it returns) and history search at 100,000 entries.
//!
//! `cargo run --release -p blooio-store --example store_bench [-- --rows N --history N]`
//! Prints `name value target` lines; the targets: the journal must not be what limits a bulk run (≥ 500
//! transitions/s), a search answers within 50 ms. The database lives in a temporary folder on the same disk
//! as the system's temp dir (`TMPDIR` chooses another).

use std::time::{Duration, Instant};

use blooio_core::{ApiKey, CreateGroupRequest, CreatedGroup, Group};
use blooio_store::{
    Account, AccountMode, CreateSource, HistoryFilter, HistoryQuery, JobRowInput, NewHistoryEntry,
    Store,
};
use rusqlite::Connection;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str, default: usize| -> usize {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let job_rows = arg("--rows", 1_000);
    let history_rows = arg("--history", 100_000);
    let dir = tempfile::tempdir()?;
    let key = ApiKey::parse("bl_live_benchmarkkey0123456789")?;
    let account = Account::new(AccountMode::Blooio, "https://api.blooio.com/v2/api", &key);

    commit_cost(&dir.path().join("commits.sqlite3"))?;
    journal(&dir.path().join("journal.sqlite3"), &account, job_rows)?;
    search(&dir.path().join("history.sqlite3"), &account, history_rows)?;
    Ok(())
}

fn request(i: usize) -> CreateGroupRequest {
    CreateGroupRequest {
        name: format!("Customer {i} crew"),
        chat_guid: i
            .is_multiple_of(7)
            .then(|| format!("iMessage;+;chat{:09}", i * 7919)),
        members: vec![
            format!("+1212{:07}", i % 10_000_000),
            format!("person{i}@example.com"),
            format!("+4477009{:05}", i % 100_000),
        ],
    }
}

fn created(request: &CreateGroupRequest, i: usize) -> CreatedGroup {
    CreatedGroup {
        group: Group {
            group_id: Some(format!("grp_{i:08x}")),
            name: Some(request.name.clone()),
            chat_guid: request.chat_guid.clone(),
            member_count: Some(request.members.len() as u64),
            created_at: Some(1_700_000_000_000 + i as i64),
            ..Group::default()
        },
        added_members: request.members.clone(),
        created_contacts: request.members[..1].to_vec(),
    }
}

fn report(name: &str, value: f64, target: &str) {
    println!("{name} {value:.2} {target}");
}

/// The price of one durable commit: what `synchronous=FULL` costs against NORMAL on this disk.
fn commit_cost(path: &std::path::Path) -> Result<(), Box<dyn std::error::Error>> {
    let conn = Connection::open(path)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.execute_batch("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (0);")?;
    for mode in ["FULL", "NORMAL"] {
        conn.pragma_update(None, "synchronous", mode)?;
        let n = 300;
        let started = Instant::now();
        for _ in 0..n {
            conn.execute("UPDATE t SET x = x + 1", [])?;
        }
        let per = started.elapsed().as_secs_f64() * 1000.0 / f64::from(n);
        report(
            &format!("commit_ms_synchronous_{}", mode.to_lowercase()),
            per,
            "-",
        );
    }
    Ok(())
}

/// A 1,000-row job, each row pending → sending → created, one transaction (and one disk flush) per step.
fn journal(
    path: &std::path::Path,
    account: &Account,
    rows: usize,
) -> Result<(), Box<dyn std::error::Error>> {
    let store = Store::open(path)?;
    let inputs: Vec<JobRowInput> = (0..rows)
        .map(|i| JobRowInput {
            row_numbers: vec![i as u32 + 2],
            request: request(i),
        })
        .collect();
    let started = Instant::now();
    let job = store.create_job(account, "bench.csv", &inputs)?;
    report(
        "journal_create_job_ms",
        started.elapsed().as_secs_f64() * 1000.0,
        "-",
    );
    let rows = store.rows_to_resume(job)?;
    let mut slowest = Duration::ZERO;
    let started = Instant::now();
    for (i, row) in rows.iter().enumerate() {
        let step = Instant::now();
        store.mark_sending(row.id, blooio_core::unix_time_ms())?;
        store.mark_created(
            row.id,
            &row.request,
            &created(&row.request, i),
            false,
            blooio_core::unix_time_ms(),
        )?;
        slowest = slowest.max(step.elapsed());
    }
    let elapsed = started.elapsed().as_secs_f64();
    let transitions = (rows.len() * 2) as f64;
    report("journal_transitions_per_s", transitions / elapsed, ">=500");
    report(
        "journal_row_ms_mean",
        elapsed * 1000.0 / rows.len() as f64,
        "-",
    );
    report("journal_row_ms_max", slowest.as_secs_f64() * 1000.0, "-");
    Ok(())
}

/// 100,000 history entries, then the searches the window makes, each with its total (one page of 50).
fn search(
    path: &std::path::Path,
    account: &Account,
    count: usize,
) -> Result<(), Box<dyn std::error::Error>> {
    let store = Store::open(path)?;
    let started = Instant::now();
    let requests: Vec<CreateGroupRequest> = (0..count).map(request).collect();
    let answers: Vec<CreatedGroup> = requests
        .iter()
        .enumerate()
        .map(|(i, r)| created(r, i))
        .collect();
    for chunk in (0..count).collect::<Vec<_>>().chunks(10_000) {
        let entries: Vec<NewHistoryEntry<'_>> = chunk
            .iter()
            .map(|&i| NewHistoryEntry {
                account,
                source: CreateSource::Bulk,
                request: &requests[i],
                created: &answers[i],
                recovered: false,
                created_at_ms: 1_700_000_000_000 + i as i64 * 1000,
            })
            .collect();
        store.record_created_many(&entries)?;
    }
    report("history_seed_s", started.elapsed().as_secs_f64(), "-");
    report(
        "history_file_mib",
        std::fs::metadata(path)?.len() as f64 / 1_048_576.0,
        "-",
    );
    let searches = [
        ("first_page", None),
        ("name_rare", Some("customer 98765 crew")),
        ("name_common", Some("crew")),
        ("group_id", Some("grp_0001869f")),
        ("chat_guid", Some("chat000055433")),
        ("member_phone", Some("+12120054321")),
        ("member_email_any_case", Some("PERSON4242@")),
        ("no_match", Some("nobody-here")),
    ];
    for (name, search) in searches {
        let query = HistoryQuery {
            filter: HistoryFilter {
                mode: AccountMode::Blooio,
                search: search.map(str::to_owned),
            },
            offset: 0,
            limit: 50,
        };
        let mut times = Vec::new();
        let mut total = 0;
        for _ in 0..15 {
            let started = Instant::now();
            total = store.history(&query)?.total;
            times.push(started.elapsed());
        }
        times.sort();
        report(
            &format!("search_{}k_{name}_ms_median", count / 1000),
            times[times.len() / 2].as_secs_f64() * 1000.0,
            "<=50",
        );
        report(
            &format!("search_{}k_{name}_ms_max", count / 1000),
            times[times.len() - 1].as_secs_f64() * 1000.0,
            "<=50",
        );
        report(
            &format!("search_{}k_{name}_matches", count / 1000),
            f64::from(total),
            "-",
        );
    }
    let started = Instant::now();
    let written = store.export_history_csv(
        std::io::sink(),
        &HistoryFilter {
            mode: AccountMode::Blooio,
            search: None,
        },
    )?;
    report(
        &format!("export_csv_{}k_ms", written / 1000),
        started.elapsed().as_secs_f64() * 1000.0,
        "-",
    );
    Ok(())
}

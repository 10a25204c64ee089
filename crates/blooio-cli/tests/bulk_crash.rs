//! Crash and resume: a 300-row job run by the real CLI, killed with SIGKILL at random moments (at least 20
//! times) while the sandbox injects faults, and resumed each time. Afterwards the sandbox holds exactly one group
//! per row, none twice, and the job's report matches what the sandbox holds.

mod common;

use std::collections::{HashMap, HashSet};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use blooio_core::{ApiKey, BlooioClient, ClientConfig, ListQuery};
use blooio_sandbox::Fault;
use blooio_store::{JobStatus, ReportFilter, RowState, Store, STORE_FILE_NAME};
use common::{sandbox, BIN, KEY};

const ROWS: usize = 300;
const MIN_KILLS: u32 = 20;
const KILLS: u32 = 28;

/// xorshift: random enough for kill moments and faults, and repeatable from the seed printed on failure.
struct Dice(u64);

impl Dice {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

fn cli(data: &std::path::Path, base: &str, args: &[&str]) -> Command {
    let mut command = Command::new(BIN);
    command
        .args(args)
        .args([
            "--base-url",
            base,
            "--region",
            "US",
            "--look-again-after",
            "1",
        ])
        .env("BLOOIO_API_KEY", KEY)
        .env("BLOOIO_DATA_DIR", data)
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/blooio-test-bus",
        )
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_again_and_again_every_row_is_created_exactly_once() {
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    let mut dice = Dice(seed);
    let sandbox = sandbox().await;
    // Blooio's rate limit: the runs meet its 429s, and the job lasts long enough for every kill to land (the
    // journal no longer slows a run to the disk's pace).
    sandbox.set_rate_limit(blooio_sandbox::RateLimit::per_second(100));
    let base = sandbox.base_url();
    let data = tempfile::tempdir().unwrap();
    let file = data.path().join("crews.csv");
    let mut csv = String::from("Group,Phone\n");
    for i in 0..ROWS {
        csv.push_str(&format!("Crew {i:03},+1 212 555 {:04}\n", 1000 + i));
    }
    std::fs::write(&file, csv).unwrap();
    let file = file.to_string_lossy().into_owned();

    let faults = [
        Fault::after_store(Fault::DropConnection), // created, answer lost: looked up
        Fault::after_store(Fault::Status(500)),
        Fault::DropConnection, // not created, answer lost: looked up, failed, retried later
        Fault::Status(502),
        Fault::Status(503), // the run pauses; the next start resumes it
    ];
    let mut kills = 0;
    let mut runs = 0;
    let started = Instant::now();
    loop {
        runs += 1;
        assert!(runs < 400, "seed {seed}: the job never finished");
        assert!(
            started.elapsed() < Duration::from_secs(240),
            "seed {seed}: too slow"
        );
        // What the journal says decides the next command, as an operator would decide from its messages.
        let store = Store::open(data.path().join(STORE_FILE_NAME)).ok();
        let jobs = store
            .as_ref()
            .map(|s| s.unfinished_jobs().unwrap())
            .unwrap_or_default();
        let job = store
            .as_ref()
            .and_then(|s| s.job(blooio_store::JobId(1)).ok());
        drop(store);
        let args: Vec<String> = match (&job, jobs.first()) {
            (None, _) => vec!["bulk".into(), file.clone()],
            (Some(_), Some(open)) => vec!["bulk".into(), "--resume".into(), open.id.0.to_string()],
            (Some(job), None) if job.counts.failed > 0 => {
                vec!["bulk".into(), "--retry-failed".into(), "1".into()]
            }
            (Some(job), None) => {
                assert_eq!(job.status, JobStatus::Finished, "seed {seed}");
                break;
            }
        };
        if dice.below(3) == 0 {
            sandbox.inject(faults[dice.below(faults.len() as u64) as usize].clone());
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let mut child = cli(data.path(), &base, &args).spawn().unwrap();
        if kills < KILLS {
            tokio::time::sleep(Duration::from_millis(20 + dice.below(200))).await;
            if child.try_wait().unwrap().is_none() {
                child.kill().unwrap(); // SIGKILL
                kills += 1;
            }
        }
        let run_started = Instant::now();
        let status = tokio::task::spawn_blocking(move || child.wait())
            .await
            .unwrap()
            .unwrap();
        eprintln!("{args:?}: {status:?} after {:?}", run_started.elapsed());
        assert!(
            status
                .code()
                .is_none_or(|code| [0, 2, 4, 5, 6, 7].contains(&code)),
            "seed {seed}: {status:?}"
        );
    }
    assert!(kills >= MIN_KILLS, "seed {seed}: only {kills} kills landed");

    // The sandbox: exactly one group per row.
    let client = BlooioClient::new(ClientConfig {
        base_url: base.clone(),
        ..ClientConfig::default()
    })
    .unwrap();
    let key = ApiKey::parse(KEY).unwrap();
    let mut held: HashMap<String, String> = HashMap::new();
    let mut offset = 0;
    loop {
        let page = client
            .list_groups(
                &key,
                &ListQuery {
                    limit: Some(200),
                    offset: Some(offset),
                    ..ListQuery::default()
                },
            )
            .await
            .unwrap();
        if page.groups.is_empty() {
            break;
        }
        for group in &page.groups {
            let name = group.name.clone().unwrap();
            let id = group.group_id.clone().unwrap();
            assert!(
                held.insert(name.clone(), id).is_none(),
                "seed {seed}: {name} twice"
            );
        }
        offset += page.groups.len() as u32;
    }
    assert_eq!(held.len(), ROWS, "seed {seed}");
    assert_eq!(sandbox.group_count(), ROWS, "seed {seed}");

    // The report matches it, row for row.
    let store = Store::open(data.path().join(STORE_FILE_NAME)).unwrap();
    let report = store
        .report(blooio_store::JobId(1), &ReportFilter::default())
        .unwrap();
    assert_eq!(report.len(), ROWS);
    let mut ids = HashSet::new();
    for row in &report {
        assert_eq!(row.state, RowState::Created, "seed {seed}: {row:?}");
        let id = row
            .created
            .as_ref()
            .and_then(|c| c.group.group_id.clone())
            .unwrap();
        assert_eq!(held.get(&row.request.name), Some(&id), "seed {seed}");
        ids.insert(id);
    }
    assert_eq!(ids.len(), ROWS);
    eprintln!(
        "seed {seed}: {kills} kills over {runs} runs, {} creates sent",
        sandbox.create_requests()
    );
    sandbox.shutdown().await;
}

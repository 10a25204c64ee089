//! How much the journal costs a bulk run: the same number of creates against the local sandbox, once by the bare
//! core client in a loop and once by the runner with the journal on (each row's `sending` flushed to disk before
//! its request leaves), in the same process, one after the other, on sandboxes of their own.
//!
//! `cargo run --release -p blooio-bulk --example bulk_bench [-- --rows N] [--rounds R]`
//! Prints `name value target` lines; the target: the journalled run makes at least 90 % of the bare loop's
//! creates per second. Progress goes to a sink that keeps each message, as the window's channel would; a third
//! run, journalled with nobody listening, shows what the progress costs. The three alternate for `--rounds`
//! rounds (9 by default) and each figure is the median, so a moment of other work on the machine lands on one
//! round, not on one side; the percentage is the median of each round's own ratio, the journalled run against
//! the bare loop just before it (a 1,000-row run lasts a fifth of a second, and this machine's pace drifts by
//! more than the journal's cost from one second to the next).

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use blooio_bulk::{RunControl, RunProgress, RunSettings, Runner};
use blooio_core::{ApiKey, BlooioClient, ClientConfig, CreateGroupRequest};
use blooio_sandbox::{Sandbox, SandboxConfig};
use blooio_store::{Account, AccountMode, JobRowInput, Store};

const KEY: &str = "bl_live_benchmarkkey0123456789";

fn request(i: usize) -> CreateGroupRequest {
    CreateGroupRequest {
        name: format!("Bench crew {i}"),
        chat_guid: None,
        members: vec![
            format!("+1212555{:04}", i % 10_000),
            format!("crew{i}@example.com"),
        ],
    }
}

async fn sandbox() -> Result<(Sandbox, BlooioClient), Box<dyn std::error::Error>> {
    let sandbox = Sandbox::start(SandboxConfig::default(), "127.0.0.1:0".parse()?).await?;
    let client = BlooioClient::new(ClientConfig {
        base_url: sandbox.base_url(),
        total_timeout: Duration::from_secs(30),
        ..ClientConfig::default()
    })?;
    Ok((sandbox, client))
}

fn arg(args: &[String], name: &str, default: usize) -> usize {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Creates per second of the bare core client, one request after another.
async fn bare_loop(key: &ApiKey, rows: usize) -> Result<f64, Box<dyn std::error::Error>> {
    let (sandbox, client) = sandbox().await?;
    let started = Instant::now();
    for i in 0..rows {
        client.create_group(key, &request(i)).await?;
    }
    let per_s = rows as f64 / started.elapsed().as_secs_f64();
    sandbox.shutdown().await;
    Ok(per_s)
}

/// Creates per second of the runner with the journal on, and the progress messages it sent.
async fn journalled_run(
    key: &ApiKey,
    rows: usize,
    listening: bool,
) -> Result<(f64, usize), Box<dyn std::error::Error>> {
    let (sandbox, client) = sandbox().await?;
    let dir = tempfile::tempdir()?;
    let store = Arc::new(Store::open(dir.path().join("bench.sqlite3"))?);
    let account = Account::new(AccountMode::Sandbox, sandbox.base_url(), key);
    let input: Vec<JobRowInput> = (0..rows)
        .map(|i| JobRowInput {
            row_numbers: vec![i as u32 + 2],
            request: request(i),
        })
        .collect();
    let job = store.create_job(&account, "bench.csv", &input)?;
    let heard = Mutex::new(Vec::new());
    let sink = |progress: &RunProgress| {
        if !listening {
            return;
        }
        if let Ok(mut heard) = heard.lock() {
            heard.push(progress.clone());
        }
    };
    let runner = Runner::new(
        &client,
        key,
        &account,
        store.clone(),
        RunSettings::default(),
    );
    let started = Instant::now();
    let end = runner.run(job, &RunControl::new(), &sink).await?;
    let per_s = rows as f64 / started.elapsed().as_secs_f64();
    if end.counts.created as usize != rows || sandbox.group_count() != rows {
        return Err(format!("the run created {} of {rows}", end.counts.created).into());
    }
    sandbox.shutdown().await;
    let messages = heard.lock().map(|h| h.len()).unwrap_or(0);
    Ok((per_s, messages))
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(0.0)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let rows = arg(&args, "--rows", 1_000);
    let rounds = arg(&args, "--rounds", 9).max(1);
    let key = ApiKey::parse(KEY)?;

    let (mut bare, mut journalled, mut unheard, mut messages) = (vec![], vec![], vec![], vec![]);
    let mut ratios = vec![];
    for _ in 0..rounds {
        let bare_per_s = bare_loop(&key, rows).await?;
        bare.push(bare_per_s);
        let (per_s, heard) = journalled_run(&key, rows, true).await?;
        journalled.push(per_s);
        ratios.push(per_s * 100.0 / bare_per_s);
        messages.push(heard as f64 * 1000.0 / rows as f64);
        unheard.push(journalled_run(&key, rows, false).await?.0);
    }
    let (bare, journalled, unheard) = (median(bare), median(journalled), median(unheard));

    println!("bare_client_creates_per_s {bare:.0} -");
    println!("journalled_run_creates_per_s {journalled:.0} -");
    println!("journalled_vs_bare_percent {:.0} >=90", median(ratios));
    println!("journalled_no_listener_creates_per_s {unheard:.0} -");
    println!(
        "progress_cost_percent {:.1} -",
        (unheard - journalled) * 100.0 / unheard
    );
    println!("progress_messages_per_1000_rows {:.0} -", median(messages));
    Ok(())
}

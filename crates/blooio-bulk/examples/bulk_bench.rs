//! How much the journal costs a bulk run: the same number of creates against the local sandbox, once by the bare
//! core client in a loop and once by the runner with the journal on (each row's `sending` flushed to disk before
//! its request leaves), in the same process, one after the other, on sandboxes of their own.
//!
//! `cargo run --release -p blooio-bulk --example bulk_bench [-- --rows N]`
//! Prints `name value target` lines; the target: the journalled run makes at least 90 % of the bare loop's
//! creates per second. Progress goes to a sink that keeps each message, as the window's channel would.

use std::sync::Mutex;
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

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let rows = args
        .iter()
        .position(|a| a == "--rows")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000usize);
    let key = ApiKey::parse(KEY)?;

    let (bare_sandbox, bare_client) = sandbox().await?;
    let started = Instant::now();
    for i in 0..rows {
        bare_client.create_group(&key, &request(i)).await?;
    }
    let bare = rows as f64 / started.elapsed().as_secs_f64();
    bare_sandbox.shutdown().await;

    let (sandbox, client) = sandbox().await?;
    let dir = tempfile::tempdir()?;
    let store = std::sync::Arc::new(Store::open(dir.path().join("bench.sqlite3"))?);
    let account = Account::new(AccountMode::Sandbox, sandbox.base_url(), &key);
    let input: Vec<JobRowInput> = (0..rows)
        .map(|i| JobRowInput {
            row_numbers: vec![i as u32 + 2],
            request: request(i),
        })
        .collect();
    let job = store.create_job(&account, "bench.csv", &input)?;
    let heard = Mutex::new(Vec::new());
    let sink = |progress: &RunProgress| {
        if let Ok(mut heard) = heard.lock() {
            heard.push(progress.clone());
        }
    };
    let runner = Runner::new(
        &client,
        &key,
        &account,
        store.clone(),
        RunSettings::default(),
    );
    let started = Instant::now();
    let end = runner.run(job, &RunControl::new(), &sink).await?;
    let journalled = rows as f64 / started.elapsed().as_secs_f64();
    if end.counts.created as usize != rows || sandbox.group_count() != rows {
        return Err(format!("the run created {} of {rows}", end.counts.created).into());
    }
    sandbox.shutdown().await;

    println!("bare_client_creates_per_s {bare:.0} -");
    println!("journalled_run_creates_per_s {journalled:.0} -");
    println!(
        "journalled_vs_bare_percent {:.0} >=90",
        journalled * 100.0 / bare
    );
    println!(
        "progress_messages_per_1000_rows {:.0} -",
        heard.lock().map(|h| h.len()).unwrap_or(0) as f64 * 1000.0 / rows as f64
    );
    Ok(())
}

//! Creates N groups through `BlooioClient::create_group` against a sandbox (or any loopback base URL) and prints
//! one line of JSON: throughput and per-request latency. Used by `scripts/bench.sh`; one pooled client, unique
//! names and member sets (the sandbox answers 409 to a repeated member set).
//!
//! cargo run --release -p blooio-core --example create_bench -- --base-url http://127.0.0.1:8787/v2/api --n 500
//!   [--concurrency 1] [--warmup 5] [--seed 1] [--key bl_live_bench_key_0001]
//!
//! `--concurrency K` keeps K requests in flight on the same client (K = 1: strictly one after another).
//! The latency of a request is measured from the call to `create_group` to its parsed answer.

use std::sync::Arc;
use std::time::{Duration, Instant};

use blooio_core::{parse_members, ApiKey, BlooioClient, ClientConfig, CreateGroupRequest};

/// The member numbers of request `index` of run `seed`: the same scheme as bench/python_sdk.py, bench/curl.sh and
/// bench/window.mjs. Two valid US numbers, unique per (seed, index) for index < 10,000.
fn members(seed: u32, index: u32) -> Vec<String> {
    let exchange = 200 + 10 * (seed % 10) + index / 10_000;
    let line = index % 10_000;
    vec![
        format!("+1415{exchange:03}{line:04}"),
        format!("+1212{exchange:03}{line:04}"),
    ]
}

struct Args {
    base_url: String,
    n: u32,
    concurrency: u32,
    warmup: u32,
    seed: u32,
    key: String,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        base_url: String::new(),
        n: 500,
        concurrency: 1,
        warmup: 5,
        seed: 1,
        key: "bl_live_bench_key_0001".to_owned(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value"));
        let number = |v: String| v.parse::<u32>().map_err(|e| format!("{flag}: {e}"));
        match flag.as_str() {
            "--base-url" => args.base_url = value()?,
            "--n" => args.n = number(value()?)?,
            "--concurrency" => args.concurrency = number(value()?)?.max(1),
            "--warmup" => args.warmup = number(value()?)?,
            "--seed" => args.seed = number(value()?)?,
            "--key" => args.key = value()?,
            other => return Err(format!("unknown argument {other}")),
        }
    }
    if args.base_url.is_empty() {
        return Err("--base-url is required".to_owned());
    }
    if args.n + args.warmup > 10_000 {
        return Err("--n plus --warmup must be at most 10000 (unique member numbers)".to_owned());
    }
    Ok(args)
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1].as_secs_f64() * 1e3
}

#[tokio::main]
async fn main() {
    let args = match parse_args() {
        Ok(args) => args,
        Err(e) => {
            eprintln!("create_bench: {e}");
            std::process::exit(2);
        }
    };
    let key = Arc::new(ApiKey::parse(&args.key).expect("a well-formed key"));
    let client = BlooioClient::new(ClientConfig {
        base_url: args.base_url.clone(),
        ..ClientConfig::default()
    })
    .expect("a loopback base URL");

    // Every request is built (and its numbers checked by our own rules) before the clock starts.
    let total = args.warmup + args.n;
    let requests: Vec<CreateGroupRequest> = (0..total)
        .map(|i| {
            let members = members(args.seed, i);
            let report = parse_members(&members.join("\n"), "US");
            assert_eq!(
                report.accepted, members,
                "bench numbers must be valid and normalised"
            );
            CreateGroupRequest {
                name: format!("Bench rust {} {i}", args.seed),
                chat_guid: None,
                members,
            }
        })
        .collect();
    let requests = Arc::new(requests);

    for req in &requests[..args.warmup as usize] {
        client
            .create_group(&key, req)
            .await
            .expect("warm-up create");
    }

    let next = Arc::new(std::sync::atomic::AtomicU32::new(args.warmup));
    let started = Instant::now();
    let workers: Vec<_> = (0..args.concurrency)
        .map(|_| {
            let (client, key, requests, next) =
                (client.clone(), key.clone(), requests.clone(), next.clone());
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                let mut errors = Vec::new();
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    if i >= requests.len() as u32 {
                        break;
                    }
                    let sent = Instant::now();
                    match client.create_group(&key, &requests[i as usize]).await {
                        Ok(_) => latencies.push(sent.elapsed()),
                        Err(e) => errors.push(e.to_string()),
                    }
                }
                (latencies, errors)
            })
        })
        .collect();
    let mut latencies = Vec::new();
    let mut errors = Vec::new();
    for worker in workers {
        let (l, e) = worker.await.expect("worker");
        latencies.extend(l);
        errors.extend(e);
    }
    let wall = started.elapsed().as_secs_f64();
    latencies.sort();
    let mean = latencies.iter().map(Duration::as_secs_f64).sum::<f64>() * 1e3
        / latencies.len().max(1) as f64;
    println!(
        "{{\"client\":\"blooio-core\",\"concurrency\":{},\"n\":{},\"ok\":{},\"errors\":{},\"first_error\":{},\
         \"wall_s\":{:.4},\"per_s\":{:.1},\"p50_ms\":{:.3},\"p99_ms\":{:.3},\"mean_ms\":{:.3}}}",
        args.concurrency,
        args.n,
        latencies.len(),
        errors.len(),
        errors
            .first()
            .map(|e| serde_json::to_string(e).unwrap_or_default())
            .unwrap_or_else(|| "null".to_owned()),
        wall,
        latencies.len() as f64 / wall,
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.99),
        mean,
    );
    if !errors.is_empty() {
        std::process::exit(1);
    }
}

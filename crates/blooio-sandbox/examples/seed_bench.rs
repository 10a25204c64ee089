//! Measures what the Groups screen leans on at 10,000 groups: seeding them, then `GET /groups` over HTTP for
//! the first page of every sort, a search, and the first name-sorted page after a rename (which sorts again).
//!
//! `cargo run -p blooio-sandbox --example seed_bench [--release]`

use std::time::{Duration, Instant};

use blooio_sandbox::{Sandbox, SandboxConfig};

const KEY: &str = "bl_bench_key";
const ROUNDS: usize = 20;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // reqwest is built with the workspace's TLS features, which leave the crypto provider to the program.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let sandbox = Sandbox::start(SandboxConfig::default(), "127.0.0.1:0".parse()?).await?;
    let started = Instant::now();
    let ids = sandbox.seed(KEY, 10_000);
    println!("seed 10,000: {:?}", started.elapsed());

    let client = reqwest::Client::new();
    let base = sandbox.base_url();
    for query in [
        "sort=recent&limit=200",
        "sort=oldest&limit=200",
        "sort=name_asc&limit=200",
        "sort=name_desc&limit=200",
        "sort=name_asc&limit=200&offset=9800",
        "q=golden&sort=name_asc&limit=200",
        "q=choir%2012&limit=200",
        "q=zzz&limit=200",
    ] {
        let mut times = Vec::new();
        let mut size = 0;
        for _ in 0..ROUNDS {
            let (took, bytes) = page(&client, &base, query).await?;
            times.push(took);
            size = bytes;
        }
        println!("{query:40} median {:?} ({size} bytes)", median(&mut times));
    }
    let mut times = Vec::new();
    for (i, id) in ids.iter().take(ROUNDS).enumerate() {
        client
            .patch(format!("{base}/groups/{id}"))
            .bearer_auth(KEY)
            .json(&serde_json::json!({"name": format!("Renamed {i}")}))
            .send()
            .await?;
        times.push(page(&client, &base, "sort=name_asc&limit=200").await?.0);
    }
    println!(
        "{:40} median {:?}",
        "sort=name_asc after a rename",
        median(&mut times)
    );
    sandbox.shutdown().await;
    Ok(())
}

async fn page(
    client: &reqwest::Client,
    base: &str,
    query: &str,
) -> Result<(Duration, usize), reqwest::Error> {
    let started = Instant::now();
    let body = client
        .get(format!("{base}/groups?{query}"))
        .bearer_auth(KEY)
        .send()
        .await?
        .bytes()
        .await?;
    Ok((started.elapsed(), body.len()))
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

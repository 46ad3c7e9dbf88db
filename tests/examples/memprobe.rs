//! Peak memory (VmHWM) of the client on hostile answers, for the figures in the README:
//!
//! ```sh
//! cargo run -p otc-ecs-tests --example memprobe -- extra 64     # 64 MiB of [0,0,...] in an unknown member
//! cargo run -p otc-ecs-tests --example memprobe -- error 64     # the same as a 409 error body
//! cargo run -p otc-ecs-tests --example memprobe -- sized 2048   # a 2 GiB answer with Content-Length, over loopback
//! cargo run -p otc-ecs-tests --example memprobe -- endless 10   # an endless chunked answer, 10 s time-out
//! ```
//!
//! Each run prints the peak resident memory before and after the call, the call's time and how
//! it ended. One case per process, so that the peak is the case's own.

use std::time::{Duration, Instant};

use otc_ecs::operations::ShowJob;
use otc_ecs::{Auth, Client, Operation};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn peak_mib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib = status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| {
            rest.trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<u64>()
                .ok()
        })
        .unwrap_or(0);
    kib / 1024
}

/// `{"status":"RUNNING","x":[0,0,...,0]}` of about `mib` MiB.
fn zeros_body(mib: usize) -> Vec<u8> {
    let mut body = Vec::with_capacity(mib << 20);
    body.extend_from_slice(br#"{"status":"RUNNING","x":[0"#);
    while body.len() < (mib << 20) - 3 {
        body.extend_from_slice(b",0");
    }
    body.extend_from_slice(b"]}");
    body
}

fn decode(status: u16, mib: usize) {
    let body = zeros_body(mib);
    let response = http::Response::builder().status(status).body(body).unwrap();
    let before = peak_mib();
    let started = Instant::now();
    let result = ShowJob::from_response(response);
    let elapsed = started.elapsed();
    let outcome = match &result {
        Ok(job) => format!("ok, {} unknown members", job.extra.len()),
        Err(error) => {
            let text = error.to_string();
            format!(
                "error ({} bytes of Display): {}",
                text.len(),
                text.chars().take(160).collect::<String>()
            )
        }
    };
    drop(result);
    println!(
        "peak before {before} MiB, after {} MiB, {elapsed:.2?}: {outcome}",
        peak_mib()
    );
}

/// Serves every connection with `head` and then `body_bytes` bytes of `0` (forever when `None`,
/// as chunks).
async fn serve(head: String, body_bytes: Option<u64>) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let head = head.clone();
            tokio::spawn(async move {
                let mut request = [0u8; 8192];
                let _ = stream.read(&mut request).await;
                if stream.write_all(head.as_bytes()).await.is_err() {
                    return;
                }
                let block = vec![b'0'; 1 << 16];
                let mut chunk = format!("{:x}\r\n", block.len()).into_bytes();
                chunk.extend_from_slice(&block);
                chunk.extend_from_slice(b"\r\n");
                match body_bytes {
                    Some(mut left) => {
                        while left > 0 {
                            let n = left.min(block.len() as u64) as usize;
                            if stream.write_all(&block[..n]).await.is_err() {
                                return;
                            }
                            left -= n as u64;
                        }
                    }
                    None => while stream.write_all(&chunk).await.is_ok() {},
                }
            });
        }
    });
    endpoint
}

async fn over_loopback(body_bytes: Option<u64>, timeout: Duration) {
    let head = match body_bytes {
        Some(length) => format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {length}\r\n\r\n"),
        None => "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n".to_owned(),
    };
    let endpoint = serve(head, body_bytes).await;
    let client = Client::builder(endpoint, "p1", Auth::token("t"))
        .max_retries(0)
        .timeout(timeout)
        .build()
        .unwrap();
    let before = peak_mib();
    let started = Instant::now();
    let result = client.show_job("job-1").await;
    let elapsed = started.elapsed();
    let outcome = match &result {
        Ok(_) => "ok".to_owned(),
        Err(error) => format!(
            "error: {}",
            error.to_string().chars().take(160).collect::<String>()
        ),
    };
    println!(
        "peak before {before} MiB, after {} MiB, {elapsed:.2?}: {outcome}",
        peak_mib()
    );
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let number = |default: u64| args.get(1).and_then(|n| n.parse().ok()).unwrap_or(default);
    match args.first().map(String::as_str) {
        Some("extra") => decode(200, number(64) as usize),
        Some("error") => decode(409, number(64) as usize),
        Some("sized") => over_loopback(Some(number(2048) << 20), Duration::from_secs(120)).await,
        Some("endless") => over_loopback(None, Duration::from_secs(number(10))).await,
        _ => eprintln!("usage: memprobe extra|error MIB | sized MIB | endless SECONDS"),
    }
}

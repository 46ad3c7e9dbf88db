//! The client against hostile servers on loopback (issue 17, items 5, 6 and 9): bodies above
//! the limit (with and without `Content-Length`, and endless), the total timeout across
//! retries, huge or truncated texts in errors (bounded, secrets masked), answers that are not
//! HTTP (not retried), redirects (never followed, the token never forwarded) and header values
//! that cannot be sent (refused before anything is sent).
//!
//! Each server is a raw TCP listener on 127.0.0.1 that answers with a scripted byte sequence
//! and counts its connections; every test ends by itself well within its time-outs.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use otc_ecs::types::Job;
use otc_ecs::{Auth, Client, Error, Operation, RequestContext};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

mod rng;

const PROJECT: &str = "7459f9935ed2422eb9800fea1d4d9378";
const TOKEN: &str = "MIIT-secret-token";

/// What a server does with one connection, after reading the request.
#[derive(Clone)]
enum Script {
    /// Writes these bytes and closes.
    Send(Vec<u8>),
    /// Writes this head, then 64 KiB chunks of `0` until the client goes away.
    Endless(Vec<u8>),
    /// Keeps the connection open without answering.
    Hang,
}

/// A loopback server: its URL, its connection count and the request heads it read.
struct Server {
    url: String,
    connections: Arc<AtomicUsize>,
    requests: Arc<Mutex<Vec<String>>>,
}

impl Server {
    /// Serves the `n`-th connection (from 0) with `script(n)`.
    async fn start(script: impl Fn(usize) -> Script + Send + Sync + 'static) -> Server {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let connections = Arc::new(AtomicUsize::new(0));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let (count, seen) = (connections.clone(), requests.clone());
        tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                let script = script(count.fetch_add(1, Ordering::SeqCst));
                let seen = seen.clone();
                tokio::spawn(async move {
                    let mut head = Vec::new();
                    let mut buffer = [0u8; 4096];
                    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                        match stream.read(&mut buffer).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => head.extend_from_slice(&buffer[..n]),
                        }
                    }
                    seen.lock()
                        .unwrap()
                        .push(String::from_utf8_lossy(&head).into_owned());
                    match script {
                        Script::Send(bytes) => {
                            let _ = stream.write_all(&bytes).await;
                            let _ = stream.shutdown().await;
                        }
                        Script::Endless(head) => {
                            if stream.write_all(&head).await.is_err() {
                                return;
                            }
                            let mut chunk = format!("{:x}\r\n", 1 << 16).into_bytes();
                            chunk.extend(std::iter::repeat_n(b'0', 1 << 16));
                            chunk.extend_from_slice(b"\r\n");
                            while stream.write_all(&chunk).await.is_ok() {}
                        }
                        Script::Hang => {
                            tokio::time::sleep(Duration::from_secs(60)).await;
                        }
                    }
                });
            }
        });
        Server {
            url,
            connections,
            requests,
        }
    }

    fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

/// An HTTP/1.1 answer with `Content-Length` and `Connection: close`.
fn answer(status: &str, headers: &str, body: &[u8]) -> Vec<u8> {
    let mut bytes = format!(
        "HTTP/1.1 {status}\r\ncontent-type: application/json\r\n{headers}content-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

fn client(url: &str) -> otc_ecs::ClientBuilder {
    Client::builder(url, PROJECT, Auth::token(TOKEN))
        .timeout(Duration::from_secs(20))
        .total_timeout(Duration::from_secs(30))
        .retry_base_delay(Duration::from_millis(10))
}

/// `show_job("j1")` through a client of `server` as [`client`] sets it up, then `configure`d.
async fn show_job(
    server: &Server,
    configure: impl FnOnce(otc_ecs::ClientBuilder) -> otc_ecs::ClientBuilder,
) -> Result<Job, Error> {
    configure(client(&server.url))
        .build()
        .unwrap()
        .show_job("j1")
        .await
}

fn assert_no_token(error: &Error) {
    let (shown, debug) = (error.to_string(), format!("{error:?}"));
    assert!(!shown.contains(TOKEN) && !debug.contains(TOKEN), "{debug}");
}

#[tokio::test]
async fn a_body_whose_content_length_passes_the_limit_is_refused_before_reading() {
    let server = Server::start(|_| Script::Send(answer("200 OK", "", &[b' '; 1000]))).await;
    let error = show_job(&server, |c| c.max_body_bytes(100))
        .await
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "the 200 answer to request `show_job` is larger than the limit of 100 bytes \
         (Content-Length: 1000); nothing was read"
    );
    assert!(matches!(
        error,
        Error::BodyTooLarge {
            status: 200,
            limit: 100,
            declared: Some(1000),
            ..
        }
    ));
    assert_eq!(error.status(), Some(200));
    assert_eq!(server.connections(), 1, "not retried");
}

#[tokio::test]
async fn a_chunked_body_that_passes_the_limit_stops_there() {
    // 3 chunks of 60 bytes: the limit of 100 is passed by the second.
    let mut bytes =
        b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n".to_vec();
    for _ in 0..3 {
        bytes.extend_from_slice(b"3c\r\n");
        bytes.extend_from_slice(&[b' '; 60]);
        bytes.extend_from_slice(b"\r\n");
    }
    bytes.extend_from_slice(b"0\r\n\r\n");
    let server = Server::start(move |_| Script::Send(bytes.clone())).await;
    let error = show_job(&server, |c| c.max_body_bytes(100))
        .await
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "the 200 answer to request `show_job` is larger than the limit of 100 bytes; \
         reading stopped there"
    );
    assert!(matches!(
        error,
        Error::BodyTooLarge {
            limit: 100,
            declared: None,
            ..
        }
    ));
    // Exactly at the limit is fine (and not cut).
    let fits = format!("{{\"status\":\"RUNNING\"}}{}", " ".repeat(80));
    let server = Server::start(move |_| Script::Send(answer("200 OK", "", fits.as_bytes()))).await;
    let job = show_job(&server, |c| c.max_body_bytes(100)).await.unwrap();
    assert_eq!(job.status.as_str(), "RUNNING");
}

#[tokio::test]
async fn an_endless_chunked_answer_ends_at_the_limit_not_at_the_time_out() {
    let head = b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n".to_vec();
    let server = Server::start(move |_| Script::Endless(head.clone())).await;
    // The default limit (16 MiB); the time-outs are far longer than reading that takes.
    let error = show_job(&server, |c| c).await.unwrap_err();
    assert_eq!(
        error.to_string(),
        "the 200 answer to request `show_job` is larger than the limit of 16777216 bytes; \
         reading stopped there"
    );
    assert_eq!(server.connections(), 1);
}

#[tokio::test]
async fn the_total_timeout_cuts_the_attempt_running_at_the_deadline() {
    // A 503 (retried), then an answer that never comes: the second attempt's own time-out
    // (20 s) is far off, so the total timeout ends it.
    let server = Server::start(|n| match n {
        0 => Script::Send(answer("503 Service Unavailable", "", b"")),
        _ => Script::Hang,
    })
    .await;
    let error = show_job(&server, |c| c.total_timeout(Duration::from_secs(2)))
        .await
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "request `show_job` (all attempts) timed out after 2s"
    );
    assert!(error.is_timeout());
    assert_eq!(server.connections(), 2, "one retry, cut by the deadline");
}

#[tokio::test]
async fn a_retry_whose_wait_would_pass_the_total_timeout_is_not_made() {
    let server = Server::start(|_| {
        Script::Send(answer(
            "503 Service Unavailable",
            "retry-after: 100\r\n",
            b"",
        ))
    })
    .await;
    let error = show_job(&server, |c| c.total_timeout(Duration::from_secs(5)))
        .await
        .unwrap_err();
    let Error::Service(service) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(service.status, 503);
    assert_eq!(service.retry_after, Some(Duration::from_secs(100)));
    assert_eq!(server.connections(), 1, "the 100 s wait was not begun");
}

#[tokio::test]
async fn a_50_mb_string_of_the_wrong_type_gives_a_bounded_error() {
    // `entities` is an object; here it is a string of 50 MB.
    let mut body = br#"{"status":"RUNNING","entities":""#.to_vec();
    body.extend(std::iter::repeat_n(b'x', 50_000_000));
    body.extend_from_slice(br#""}"#);
    let body = Arc::new(answer("200 OK", "", &body));
    let server = Server::start(move |_| Script::Send(body.to_vec())).await;
    let error = show_job(&server, |c| c.max_body_bytes(64 << 20))
        .await
        .unwrap_err();
    let shown = error.to_string();
    let expected = format!(
        "unexpected body in a 200 answer: invalid type: string \"{}… (49999760 bytes cut) …{}\", \
         expected a JobEntities object at line 1 column 50000033",
        "x".repeat(138),
        "x".repeat(102),
    );
    assert_eq!(shown, expected);
    let Error::Decode { excerpt, .. } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(
        *excerpt,
        format!(
            "{{\"status\":\"RUNNING\",\"entities\":\"{}… (49999834 more bytes cut)",
            "x".repeat(168)
        )
    );
    assert!(format!("{error:?}").len() < 1000);
}

#[tokio::test]
async fn a_long_service_message_is_cut_with_a_marker() {
    let message = "m".repeat(5000);
    let body = format!(r#"{{"error": {{"code": "Ecs.0100", "message": "{message}"}}}}"#);
    let server =
        Server::start(move |_| Script::Send(answer("409 Conflict", "", body.as_bytes()))).await;
    let error = show_job(&server, |c| c).await.unwrap_err();
    let Error::Service(service) = &error else {
        panic!("{error:?}")
    };
    let cut = format!("{}… (4000 more bytes cut)", "m".repeat(1000));
    assert_eq!(service.message.as_deref(), Some(cut.as_str()));
    assert_eq!(service.code.as_deref(), Some("Ecs.0100"));
    assert_eq!(
        error.to_string(),
        format!("service error: HTTP 409 Conflict: Ecs.0100: {cut}")
    );
}

#[tokio::test]
async fn a_truncated_body_shows_secret_members_masked_in_debug_and_display() {
    let cases: [(&str, &[u8], &str); 4] = [
        // A 409 whose JSON is cut off: the service's parser never sees it whole.
        (
            "409 Conflict",
            br#"{"server": {"adminPass": "hunter2-secret", "name": "web-1", "user_data": "IyEvYmluL2Jhc2g=""#,
            r#"{"server": {"adminPass": "***", "name": "web-1", "user_data": "***""#,
        ),
        // Cut in the middle of the secret value itself.
        (
            "409 Conflict",
            br#"{"conflictingRequest": {"ADMIN_PASS": "hunter2-sec"#,
            r#"{"conflictingRequest": {"ADMIN_PASS": "***""#,
        ),
        // A success body that does not parse, with an escaped name and nested values.
        (
            "200 OK",
            br#"{"status": "RUNNING", "admin\u0050ass": {"a": ["hunter2-secret"]}, "x": "#,
            r#"{"status": "RUNNING", "admin\u0050ass": "***", "x": "#,
        ),
        // Not JSON at all past the secret.
        (
            "500 Internal Server Error",
            br#"oops {"password":hunter2-secret} <html>"#,
            r#"oops {"password":"***"} <html>"#,
        ),
    ];
    for (status, body, masked) in cases {
        let bytes = answer(status, "", body);
        let server = Server::start(move |_| Script::Send(bytes.clone())).await;
        let error = show_job(&server, |c| c.max_retries(0)).await.unwrap_err();
        let (shown, debug) = (error.to_string(), format!("{error:?}"));
        for text in [&shown, &debug] {
            assert!(!text.contains("hunter2"), "{status}: {text}");
            assert!(!text.contains("IyEvYmluL2Jhc2g"), "{status}: {text}");
        }
        let excerpt = match &error {
            Error::Service(service) => &service.body_excerpt,
            Error::Decode { excerpt, .. } => excerpt,
            other => panic!("{other:?}"),
        };
        assert_eq!(excerpt, masked, "{status}");
        assert_no_token(&error);
    }
}

#[tokio::test]
async fn answers_that_are_not_http_are_not_retried() {
    let not_http: [(&[u8], &str); 3] = [
        // HTTP/0.9: a body without a status line.
        (
            b"hello, this is not HTTP\r\n\r\n",
            "invalid HTTP version parsed",
        ),
        (
            b"HTTP/1.1 abc Nonsense\r\ncontent-length: 0\r\n\r\n",
            "invalid HTTP status-code parsed",
        ),
        (
            b"HTTP/1.1 200 OK\r\nbad header line\r\ncontent-length: 0\r\n\r\n",
            "invalid HTTP header parsed",
        ),
    ];
    for (bytes, cause) in not_http {
        let server = Server::start(move |_| Script::Send(bytes.to_vec())).await;
        let error = show_job(&server, |c| c.max_retries(3)).await.unwrap_err();
        assert!(matches!(error, Error::Transport { .. }), "{error:?}");
        let expected = format!("request `show_job` failed: request failed ({cause})");
        assert_eq!(error.to_string(), expected);
        assert_eq!(server.connections(), 1, "{error}");
        assert_no_token(&error);
    }
    // A connection closed before the answer may pass: it is retried.
    let server = Server::start(|_| Script::Send(Vec::new())).await;
    let error = show_job(&server, |c| c.max_retries(3)).await.unwrap_err();
    assert_eq!(
        error.to_string(),
        "request `show_job` failed: request failed (connection closed before message completed)"
    );
    assert_eq!(server.connections(), 4, "one try and three retries");
}

#[tokio::test]
async fn a_redirect_is_never_followed_and_the_token_never_reaches_its_target() {
    let target =
        Server::start(|_| Script::Send(answer("200 OK", "", br#"{"status":"SUCCESS"}"#))).await;
    let location = format!("{}/v1/{PROJECT}/jobs/j1", target.url);
    let redirect = answer("302 Found", &format!("location: {location}\r\n"), b"");
    let origin = Server::start(move |_| Script::Send(redirect.clone())).await;

    // This client's own HTTP client, and a caller's that follows no redirects.
    let callers = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    for builder in [
        client(&origin.url),
        client(&origin.url).http_client(callers),
    ] {
        let error = builder.build().unwrap().show_job("j1").await.unwrap_err();
        assert_eq!(error.status(), Some(302), "{error:?}");
        assert_no_token(&error);
    }
    assert_eq!(origin.connections(), 2);
    assert_eq!(target.connections(), 0, "the redirect was not followed");

    // A caller's client with reqwest's default policy would forward `X-Auth-Token` (reqwest
    // drops only `Authorization` and cookies across hosts), as this shows; the builder
    // refuses it.
    let follows = reqwest::Client::new();
    follows
        .get(format!("{}/v1/{PROJECT}/jobs/j1", origin.url))
        .header("x-auth-token", TOKEN)
        .send()
        .await
        .unwrap();
    let heads = target.requests.lock().unwrap().clone();
    assert_eq!(heads.len(), 1);
    assert!(
        heads[0].contains(TOKEN),
        "reqwest forwards it: {}",
        heads[0]
    );
    match client(&origin.url).http_client(follows).build() {
        Err(Error::InvalidArgument { name, reason }) => {
            assert_eq!(name, "http_client");
            assert_eq!(
                reason,
                "may follow redirects, which would send the credential to wherever they point: \
                 build it with `.redirect(reqwest::redirect::Policy::none())`"
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(origin.connections(), 3, "only the demonstration's request");
    assert_eq!(target.connections(), 1, "only the demonstration's request");
}

/// An operation whose content type holds a line break, as a spec's could.
struct BadContentType;

impl Operation for BadContentType {
    type Output = serde_json::Value;
    const ID: &'static str = "bad_content_type";
    const PATH: &'static str = "/v1/x";
    const IDEMPOTENT: bool = true;

    fn to_request(&self, ctx: &RequestContext<'_>) -> Result<http::Request<Vec<u8>>, Error> {
        let body = Some(("application/json\r\nX-Injected: 1", b"{}".to_vec()));
        ctx.build(http::Method::POST, "/v1/x".to_owned(), body, None)
    }

    fn from_response(response: http::Response<Vec<u8>>) -> Result<Self::Output, Error> {
        Ok(serde_json::from_slice(response.body()).unwrap_or_default())
    }
}

#[tokio::test]
async fn header_values_with_line_breaks_are_refused_before_anything_is_sent() {
    let server = Server::start(|_| Script::Send(answer("200 OK", "", b"{}"))).await;
    let error = client(&server.url)
        .build()
        .unwrap()
        .execute(&BadContentType)
        .await
        .unwrap_err();
    match &error {
        Error::InvalidArgument { name, reason } => {
            assert_eq!(*name, "content_type");
            assert_eq!(
                reason,
                r"`application/json\r\nX-Injected: 1` cannot be sent in an HTTP header"
            );
        }
        other => panic!("{other:?}"),
    }
    match client(&server.url)
        .user_agent("agent\r\nX-Injected: 1")
        .build()
    {
        Err(Error::InvalidArgument { name, .. }) => assert_eq!(name, "user_agent"),
        other => panic!("{other:?}"),
    }
    assert_eq!(server.connections(), 0, "nothing was sent");
}

#[tokio::test]
async fn unknown_members_that_would_take_too_much_memory_end_the_decoding() {
    // 2 MiB of `[0,0,...]` in an unknown member: as `serde_json::Value`s, 32 MiB and more;
    // the budget is 4 times the body plus 1 MiB.
    let mut body = br#"{"status":"RUNNING","x-new":[0"#.to_vec();
    while body.len() < 2 << 20 {
        body.extend_from_slice(b",0");
    }
    body.extend_from_slice(b"]}");
    let length = body.len();
    let bytes = answer("200 OK", "", &body);
    let server = Server::start(move |_| Script::Send(bytes.clone())).await;
    let error = show_job(&server, |c| c).await.unwrap_err();
    let Error::Decode { message, .. } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(length, 2_097_154);
    assert_eq!(
        message,
        "the answer's objects and unknown fields would take more memory than allowed \
         (4 times the body's length plus 1 MiB) at line 1 column 524317"
    );
    // A small unknown member is kept as it came.
    let bytes = answer(
        "200 OK",
        "",
        br#"{"status":"RUNNING","x-new":[0,{"a":"b"}]}"#,
    );
    let server = Server::start(move |_| Script::Send(bytes.clone())).await;
    let job = show_job(&server, |c| c).await.unwrap();
    assert_eq!(job.extra["x-new"], serde_json::json!([0, {"a": "b"}]));
}

#[tokio::test]
async fn a_secret_member_of_the_wrong_type_is_not_quoted_in_the_error() {
    // serde quotes a wrong-type value (`invalid type: integer `20242024``): not for a secret.
    let body = br#"{"server": {"id": "ea681a24", "adminPass": 20242024, "name": "web-1"}}"#;
    let bytes = answer("202 Accepted", "", body);
    let server = Server::start(move |_| Script::Send(bytes.clone())).await;
    let rebuild = otc_ecs::types::Rebuild {
        image_ref: "3ed456f5-3d8f-4383-a6c9-312032afcd1a".into(),
        ..Default::default()
    };
    let error = client(&server.url)
        .build()
        .unwrap()
        .rebuild_server("srv-1", &rebuild)
        .await
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "unexpected body in a 202 answer: the value of the secret member `adminPass` does not \
         have the documented type (not shown) at line 1 column 51"
    );
    let Error::Decode { excerpt, .. } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(
        excerpt,
        r#"{"server": {"id": "ea681a24", "adminPass": "***", "name": "web-1"}}"#
    );
    assert!(!format!("{error:?}").contains("20242024"));
}

/// No answer makes reading panic, and no error shows a secret: every prefix of error and
/// success bodies holding secrets, and seeded random edits of them (anywhere but in the
/// secret members themselves: a body that no longer names a member cannot have it masked),
/// through `from_response` (the reading the client does once the body is in; no network
/// needed for that part).
#[test]
fn no_mangled_body_panics_or_shows_a_secret() {
    use otc_ecs::operations::{RebuildServer, ShowJob};
    let bodies: [&[u8]; 3] = [
        br#"{"error": {"code": "Ecs.0100", "message": "m\u00e9\"x", "details": [{"code": "a", "message": "b"}, 3, [null]]}, "adminPass": "hunter2"}"#,
        br#"{"server": {"id": "e", "adminPass": "hunter2", "user_data": {"k": ["hunter2"]}, "x": [0, 1.5e3, true, null, {"password": "hunter2"}]}}"#,
        br#"{"conflictingRequest": {"code": 409, "message": "no"}, "token": "hunter2", "n\u0061me": "\ud800"}"#,
    ];
    let mut rng = rng::Rng::new(17);
    let check = |body: Vec<u8>, status: u16| {
        let response = |body: Vec<u8>| http::Response::builder().status(status).body(body).unwrap();
        let errors = [
            ShowJob::from_response(response(body.clone())).err(),
            RebuildServer::from_response(response(body)).err(),
        ];
        for error in errors.into_iter().flatten() {
            let (shown, debug) = (error.to_string(), format!("{error:?}"));
            assert!(
                !shown.contains("hunter2") && !debug.contains("hunter2"),
                "{debug}"
            );
        }
    };
    for body in bodies {
        for end in 0..=body.len() {
            for status in [200, 202, 409] {
                check(body[..end].to_vec(), status);
            }
        }
        let secret_members: [&[u8]; 4] = [
            br#""adminPass": "hunter2""#,
            br#""user_data": {"k": ["hunter2"]}"#,
            br#""password": "hunter2""#,
            br#""token": "hunter2""#,
        ];
        let protected: Vec<bool> = (0..body.len())
            .map(|at| {
                secret_members.iter().any(|member| {
                    (at.saturating_sub(member.len() - 1)..=at)
                        .any(|start| body[start..].starts_with(member))
                })
            })
            .collect();
        for _ in 0..2000 {
            let mut mangled = body.to_vec();
            for _ in 0..1 + rng.below(4) {
                let at = rng.below(mangled.len());
                if !protected[at] {
                    mangled[at] = rng.pick(b"\"\\{}[]:,0 \xff\xc3a");
                }
            }
            check(mangled, rng.pick(&[200, 409]));
        }
    }
}

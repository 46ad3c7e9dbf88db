//! Every output a user can see, tracing included, is searched for the secrets the calls
//! carried: a password, the tokens IAM issued, a secret key, a security token, an admin
//! password and user data. A subscriber of our own records every span and event field.

use std::fmt::Write as _;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use otc_ecs::types::{OsReinstall, OsReinstallMetadata};
use otc_ecs::{Auth, Client, Config};
use serde_json::json;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const PROJECT: &str = "0a1b2c3d4e5f40718293a4b5c6d7e8f9";
const PASSWORD: &str = "Pa55-w0rd-in-tracing";
const TOKEN: &str = "MIIsubject-token-in-tracing";
const SK: &str = "secret-key-in-tracing";
const SECURITY_TOKEN: &str = "security-token-in-tracing";
const ADMIN_PASS: &str = "Adm1n-pass-in-tracing!";
const USER_DATA: &str = "dXNlci1kYXRhLWluLXRyYWNpbmc=";

/// Records every span's and event's name and fields as text lines.
#[derive(Clone, Default)]
struct Recorder {
    lines: Arc<Mutex<Vec<String>>>,
    next: Arc<Mutex<u64>>,
}

struct Line(String);

impl Visit for Line {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let _ = write!(self.0, " {}={:?}", field.name(), value);
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        let _ = write!(self.0, " {}={}", field.name(), value);
    }
}

impl Recorder {
    fn push(&self, line: String) {
        self.lines.lock().unwrap().push(line);
    }
    fn lines(&self) -> Vec<String> {
        self.lines.lock().unwrap().clone()
    }
}

impl Subscriber for Recorder {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut line = Line(format!("span {}", span.metadata().name()));
        span.record(&mut line);
        self.push(line.0);
        let mut next = self.next.lock().unwrap();
        *next += 1;
        Id::from_u64(*next)
    }
    fn record(&self, _: &Id, values: &Record<'_>) {
        let mut line = Line("record".to_owned());
        values.record(&mut line);
        self.push(line.0);
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut line = Line(format!("event {}", event.metadata().level()));
        event.record(&mut line);
        self.push(line.0);
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

#[tokio::test]
async fn no_span_event_debug_or_error_holds_a_secret() {
    let recorder = Recorder::default();
    let _guard = tracing::subscriber::set_default(recorder.clone());

    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v3/auth/tokens"))
        .respond_with(
            ResponseTemplate::new(201)
                .insert_header("X-Subject-Token", TOKEN)
                .set_body_json(json!({"token": {
                    "expires_at": "2026-01-01T01:00:00Z", "issued_at": "2026-01-01T00:00:00Z",
                    "project": {"id": PROJECT, "name": "eu-de"},
                    "catalog": [{"type": "ecs", "endpoints": [
                        {"url": format!("{}/v1/{PROJECT}", server.uri()), "region": "eu-de", "interface": "public"}]}]
                }})),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!(
            "/v2/{PROJECT}/cloudservers/srv-1/reinstallos"
        )))
        .respond_with(
            ResponseTemplate::new(400)
                .insert_header("X-Request-Id", "req-1")
                .set_body_json(json!({"error": {"code": "Ecs.0005", "message": "bad"}})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("X-Request-Id", "req-2")
                .set_body_json(json!({"job_id": "j", "status": "RUNNING"})),
        )
        .mount(&server)
        .await;

    let auth = Auth::password("user", PASSWORD, "OTC0001")
        .with_project_name("eu-de")
        .with_iam_endpoint(format!("{}/v3", server.uri()));
    let config = Config::new(auth.clone()).with_region("eu-de");
    let client = Client::connect(config.clone()).await.expect("connects");
    client.show_job("j").await.expect("job");
    let body = OsReinstall {
        adminpass: Some(ADMIN_PASS.into()),
        metadata: Some(OsReinstallMetadata {
            user_data: Some(USER_DATA.into()),
            ..Default::default()
        }),
        ..Default::default()
    };
    let refused = client.reinstall_os("srv-1", &body).await.expect_err("400");

    let keys = Auth::temporary_aksk("AK0001", SK, SECURITY_TOKEN);
    let signed = Client::builder(server.uri(), PROJECT, keys.clone())
        .build()
        .expect("client");
    signed.show_job("j").await.expect("job");
    let unreachable = Client::builder("http://127.0.0.1:9", PROJECT, keys.clone())
        .max_retries(0)
        .connect_timeout(Duration::from_secs(2))
        .build()
        .expect("client");
    let transport = unreachable.show_job("j").await.expect_err("refused");

    let lines = recorder.lines();
    // The calls are traced: a span per call, an event per attempt and the sign-in.
    let signed_in = "event INFO message=signed in status=201 duration_ms=";
    assert_eq!(
        lines.iter().filter(|l| l.starts_with(signed_in)).count(),
        1,
        "{lines:#?}"
    );
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.starts_with(
                "span call operation=show_job method=GET path=/v1/{project_id}/jobs/{job_id}"
            ))
            .count(),
        3,
        "the path template, not the job's ID: {lines:#?}"
    );
    let answer = lines
        .iter()
        .find(|l| l.contains("operation=reinstall_os attempt=1 status=400"))
        .expect("the reinstall's attempt");
    assert!(answer.starts_with("event WARN message=error answer operation=reinstall_os attempt=1 status=400 request_id=req-1 duration_ms="), "{answer}");
    let failed = lines
        .iter()
        .find(|l| l.contains("message=attempt failed"))
        .expect("the failed attempt");
    assert!(failed.starts_with("event WARN message=attempt failed operation=show_job attempt=1 error=the connection for request `show_job` failed: "), "{failed}");
    assert!(
        lines
            .iter()
            .any(|l| l.contains("operation=show_job attempt=1 status=200 request_id=req-2"))
    );

    let mut outputs = lines;
    outputs.extend([
        format!("{auth:?} {keys:?} {config:?} {client:?} {signed:?}"),
        format!("{refused:?} {refused}"),
        format!("{transport:?} {transport}"),
        format!("{body:?}"),
    ]);
    for output in &outputs {
        for secret in [PASSWORD, TOKEN, SK, SECURITY_TOKEN, ADMIN_PASS, USER_DATA] {
            assert!(!output.contains(secret), "{secret} in {output}");
        }
    }
}

/// A call's span records the path template it used: the default one, or the one the client's
/// path variant selects; the variant only where it chose the path.
#[tokio::test]
async fn the_span_records_the_template_the_path_variant_chose() {
    let recorder = Recorder::default();
    let _guard = tracing::subscriber::set_default(recorder.clone());
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/v2/{PROJECT}/servers/srv-1")))
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"job_id": "j", "status": "RUNNING"})),
        )
        .mount(&server)
        .await;
    let client = Client::builder(server.uri(), PROJECT, Auth::token(TOKEN))
        .path_variant("v2")
        .build()
        .expect("client");
    // The answer is another test's business; the span is made before sending.
    let _ = client.show_server("srv-1").await.expect_err("404");
    client.show_job("j").await.expect("job");
    let spans: Vec<String> = recorder
        .lines()
        .into_iter()
        .filter(|l| l.starts_with("span call"))
        .collect();
    assert_eq!(
        spans,
        [
            "span call operation=show_server method=GET path=/v2/{project_id}/servers/{server_id} variant=v2",
            "span call operation=show_job method=GET path=/v1/{project_id}/jobs/{job_id}",
        ],
    );
}

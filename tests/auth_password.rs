//! Password sign-in against a local IAM (wiremock on 127.0.0.1) that issues short-lived
//! tokens: the documented request, project and endpoint from the token, renewal before
//! expiry and after a 401, single-flight renewal, a wrong password, and no secret in any
//! output.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use otc_ecs::{Auth, Client, Config, Error};
use serde_json::{Value, json};
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const PROJECT: &str = "0a1b2c3d4e5f40718293a4b5c6d7e8f9";
const USER: &str = "ecs-operator";
const PASSWORD: &str = "Pa55-w0rd-never-shown";
const DOMAIN: &str = "OTC00000000001000000001";
const JOB: &str = "70a599e0-31e7-49b7-b260-868f441e862b";

/// A local IAM: every sign-in gets `tok-N` (N counts from 1), living `life` as IAM states
/// it (`issued_at` to `expires_at`), after `delay`.
struct Iam {
    server: MockServer,
    issued: Arc<AtomicUsize>,
}

impl Iam {
    async fn start(life: Duration, delay: Duration, catalog_url: impl Fn(&str) -> String) -> Iam {
        let server = MockServer::start().await;
        let issued = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&issued);
        let ecs_url = catalog_url(&server.uri());
        let expires = format!("2026-01-01T00:00:{:02}.250000Z", life.as_secs());
        Mock::given(method("POST"))
            .and(path("/v3/auth/tokens"))
            .respond_with(move |_: &Request| {
                let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
                ResponseTemplate::new(201)
                    .insert_header("X-Subject-Token", format!("tok-{n}").as_str())
                    .set_body_json(token_body(&expires, &ecs_url))
                    .set_delay(delay)
            })
            .mount(&server)
            .await;
        Iam { server, issued }
    }

    fn url(&self) -> String {
        format!("{}/v3", self.server.uri())
    }

    fn sign_ins(&self) -> usize {
        self.issued.load(Ordering::SeqCst)
    }

    fn auth(&self) -> Auth {
        Auth::password(USER, PASSWORD, DOMAIN)
            .with_project_name("eu-de")
            .with_iam_endpoint(self.url())
    }
}

/// The page's Table 3 shape; `issued_at` is 0.25 s after the minute, like `expires_at`.
fn token_body(expires_at: &str, ecs_url: &str) -> Value {
    json!({"token": {
        "methods": ["password"],
        "expires_at": expires_at,
        "issued_at": "2026-01-01T00:00:00.250000Z",
        "user": {"domain": {"id": "d0", "name": DOMAIN}, "id": "u0", "name": USER, "password_expires_at": ""},
        "project": {"domain": {"id": "d0", "name": DOMAIN}, "id": PROJECT, "name": "eu-de"},
        "catalog": [
            {"type": "identity", "id": "s1", "name": "iam", "endpoints": [
                {"url": "https://iam.example/v3", "region": "*", "region_id": "*", "interface": "public", "id": "e1"}]},
            {"type": "ecs", "id": "s2", "name": "ecs", "endpoints": [
                {"url": "http://127.0.0.1:9/v1/elsewhere", "region": "eu-nl", "region_id": "eu-nl", "interface": "public", "id": "e2"},
                {"url": ecs_url, "region": "eu-de", "region_id": "eu-de", "interface": "public", "id": "e3"}]}
        ],
        "roles": [{"name": "te_admin", "id": "0"}]
    }})
}

/// An ECS that answers `show_job` for any token but `refused`.
async fn ecs(refused: Option<&'static str>) -> MockServer {
    let server = MockServer::start().await;
    if let Some(refused) = refused {
        Mock::given(method("GET"))
            .and(header("x-auth-token", refused))
            .respond_with(ResponseTemplate::new(401).set_body_json(
                json!({"error": {"code": "APIGW.0301", "message": "Incorrect IAM authentication information"}}),
            ))
            .with_priority(1)
            .mount(&server)
            .await;
    }
    Mock::given(method("GET"))
        .and(path(format!("/v1/{PROJECT}/jobs/{JOB}")))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"job_id": JOB, "status": "RUNNING"})),
        )
        .mount(&server)
        .await;
    server
}

/// The `X-Auth-Token` of every request `server` received, in order.
async fn tokens_seen(server: &MockServer) -> Vec<String> {
    let requests = server.received_requests().await.unwrap_or_default();
    requests
        .iter()
        .map(|request| {
            let token = request.headers.get("x-auth-token");
            token
                .and_then(|v| v.to_str().ok())
                .unwrap_or("<none>")
                .to_owned()
        })
        .collect()
}

fn client(ecs: &MockServer, auth: Auth) -> Client {
    Client::builder(ecs.uri(), PROJECT, auth)
        .retry_base_delay(Duration::from_millis(10))
        .build()
        .expect("client")
}

#[tokio::test]
async fn connecting_signs_in_as_documented_and_takes_project_and_endpoint_from_the_token() {
    let ecs = ecs(None).await;
    let base = ecs.uri();
    let iam = Iam::start(Duration::from_secs(30), Duration::ZERO, |_| {
        format!("{base}/v1/{PROJECT}")
    })
    .await;
    let config = Config::new(iam.auth()).with_region("eu-de");
    let client = Client::connect(config).await.expect("connects");
    assert_eq!(client.project_id(), PROJECT);
    assert_eq!(client.endpoint(), ecs.uri());

    let requests = iam.server.received_requests().await.unwrap_or_default();
    assert_eq!(requests.len(), 1);
    let content_type = requests[0]
        .headers
        .get("content-type")
        .and_then(|v| v.to_str().ok());
    assert_eq!(content_type, Some("application/json;charset=utf8"));
    let body: Value = serde_json::from_slice(&requests[0].body).expect("JSON");
    assert_eq!(
        body,
        json!({"auth": {
            "identity": {"methods": ["password"], "password": {"user": {
                "name": USER, "password": PASSWORD, "domain": {"name": DOMAIN}}}},
            "scope": {"project": {"name": "eu-de"}}
        }})
    );

    client.show_job(JOB).await.expect("job");
    client.clone().show_job(JOB).await.expect("job");
    assert_eq!(tokens_seen(&ecs).await, ["tok-1", "tok-1"]);
    assert_eq!(
        iam.sign_ins(),
        1,
        "the token is cached and shared by clones"
    );
}

#[tokio::test]
async fn an_explicit_endpoint_and_project_win_over_the_catalog_and_the_scope() {
    let ecs = ecs(None).await;
    let iam = Iam::start(Duration::from_secs(30), Duration::ZERO, |_| {
        "http://127.0.0.1:9/v1/x".to_owned()
    })
    .await;
    let auth = Auth::password(USER, PASSWORD, DOMAIN)
        .with_project_id(PROJECT)
        .with_iam_endpoint(iam.server.uri()); // `/v3` is added
    let config = Config::new(auth)
        .with_region("eu-de")
        .with_endpoint(ecs.uri())
        .with_project_id("explicit-project");
    let client = Client::connect(config).await.expect("connects");
    assert_eq!(
        (client.endpoint(), client.project_id()),
        (ecs.uri().as_str(), "explicit-project")
    );
    let requests = iam.server.received_requests().await.unwrap_or_default();
    let body: Value = serde_json::from_slice(&requests[0].body).expect("JSON");
    assert_eq!(body["auth"]["scope"], json!({"project": {"id": PROJECT}}));
    assert_eq!(requests[0].url.path(), "/v3/auth/tokens");
}

#[tokio::test]
async fn without_an_ecs_entry_for_the_region_the_regions_documented_host_is_used() {
    let iam = Iam::start(Duration::from_secs(30), Duration::ZERO, |_| {
        "http://127.0.0.1:9/x".to_owned()
    })
    .await;
    // The catalog has public ECS endpoints only: for the `internal` interface it has none.
    let config = Config::new(iam.auth())
        .with_region("eu-nl")
        .with_interface("internal");
    let client = Client::connect(config).await.expect("connects");
    assert_eq!(client.endpoint(), "https://ecs.eu-nl.otc.t-systems.com");
    let config = Config::new(iam.auth())
        .with_region("xx-north")
        .with_interface("internal");
    match Client::connect(config).await {
        Err(Error::Config(error)) => {
            assert_eq!(error.key.as_deref(), Some("region_name"));
            assert_eq!(
                error.reason,
                "has no ECS endpoint in the catalog and is not a known region"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn the_token_is_renewed_before_it_expires() {
    let ecs = ecs(None).await;
    // A life of 2 s: renewed in its last quarter, so after 1.5 s.
    let iam = Iam::start(Duration::from_secs(2), Duration::ZERO, |_| String::new()).await;
    let client = client(&ecs, iam.auth());
    client.show_job(JOB).await.expect("job");
    tokio::time::sleep(Duration::from_millis(900)).await;
    client.show_job(JOB).await.expect("job");
    assert_eq!(iam.sign_ins(), 1);
    tokio::time::sleep(Duration::from_millis(800)).await;
    client.show_job(JOB).await.expect("job");
    assert_eq!(iam.sign_ins(), 2);
    assert_eq!(tokens_seen(&ecs).await, ["tok-1", "tok-1", "tok-2"]);
}

#[tokio::test]
async fn a_refused_token_is_renewed_once_and_the_request_sent_again() {
    let ecs = ecs(Some("tok-1")).await;
    let iam = Iam::start(Duration::from_secs(30), Duration::ZERO, |_| String::new()).await;
    let client = client(&ecs, iam.auth());
    client
        .show_job(JOB)
        .await
        .expect("sent again with a new token");
    assert_eq!(iam.sign_ins(), 2);
    assert_eq!(tokens_seen(&ecs).await, ["tok-1", "tok-2"]);
}

#[tokio::test]
async fn a_token_refused_again_after_renewal_is_the_services_401() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(json!({"error": {"code": "APIGW.0301", "message": "no"}})),
        )
        .mount(&server)
        .await;
    let iam = Iam::start(Duration::from_secs(30), Duration::ZERO, |_| String::new()).await;
    match client(&server, iam.auth()).show_job(JOB).await {
        Err(Error::Service(error)) => assert_eq!(
            (error.status, error.code.as_deref()),
            (401, Some("APIGW.0301"))
        ),
        other => panic!("{other:?}"),
    }
    assert_eq!(iam.sign_ins(), 2, "one renewal, not a loop");
    assert_eq!(tokens_seen(&server).await, ["tok-1", "tok-2"]);
}

/// Runs `show_job` `n` times at once on clones of `client`; the number that succeeded.
async fn concurrently(client: &Client, n: usize) -> Vec<Result<(), Error>> {
    let tasks: Vec<_> = (0..n)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.show_job(JOB).await.map(drop) })
        })
        .collect();
    let mut results = Vec::new();
    for task in tasks {
        results.push(task.await.expect("the task finishes"));
    }
    results
}

#[tokio::test]
async fn one_sign_in_serves_a_hundred_concurrent_calls_at_first_use_and_at_renewal() {
    let ecs = ecs(None).await;
    let iam = Iam::start(Duration::from_secs(2), Duration::from_millis(300), |_| {
        String::new()
    })
    .await;
    let client = client(&ecs, iam.auth());
    let results = concurrently(&client, 100).await;
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 100);
    assert_eq!(iam.sign_ins(), 1);
    // Past the renewal point (1.5 s after the answer): a hundred calls, one renewal.
    tokio::time::sleep(Duration::from_millis(1600)).await;
    let results = concurrently(&client, 100).await;
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 100);
    assert_eq!(iam.sign_ins(), 2);
    let seen = tokens_seen(&ecs).await;
    assert_eq!(seen.len(), 200);
    assert!(seen[..100].iter().all(|t| t == "tok-1") && seen[100..].iter().all(|t| t == "tok-2"));
}

#[tokio::test]
async fn a_hundred_calls_refused_with_one_token_cause_one_renewal() {
    let ecs = ecs(Some("tok-1")).await;
    let iam = Iam::start(Duration::from_secs(30), Duration::from_millis(100), |_| {
        String::new()
    })
    .await;
    let client = client(&ecs, iam.auth());
    // A hundred first calls share one sign-in (tok-1), all meet its 401, and share one
    // renewal (tok-2).
    let results = concurrently(&client, 100).await;
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 100);
    assert_eq!(iam.sign_ins(), 2);
}

async fn refusing_iam() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v3/auth/tokens"))
        .respond_with(
            ResponseTemplate::new(401)
                .insert_header("X-Request-Id", "req-77")
                .set_body_json(json!({"error": {"code": 401, "message": "The username or password is wrong.", "title": "Unauthorized"}}))
                .set_delay(Duration::from_millis(300)),
        )
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn a_wrong_password_is_a_typed_error_after_one_request() {
    let iam = refusing_iam().await;
    let auth = Auth::password(USER, PASSWORD, DOMAIN)
        .with_project_name("eu-de")
        .with_iam_endpoint(format!("{}/v3", iam.uri()));
    match Client::connect(Config::new(auth.clone()).with_region("eu-de")).await {
        Err(Error::SignIn(error)) => {
            assert_eq!(error.status(), Some(401));
            assert_eq!(error.reason, "IAM refused the sign-in");
            let iam = error.iam.as_ref().expect("IAM's answer");
            assert_eq!(
                (iam.code.as_deref(), iam.title.as_deref()),
                (Some("401"), Some("Unauthorized"))
            );
            assert_eq!(
                iam.message.as_deref(),
                Some("The username or password is wrong.")
            );
            assert_eq!(iam.request_id.as_deref(), Some("req-77"));
            assert_eq!(
                Error::SignIn(error).to_string(),
                "signing in failed: IAM refused the sign-in: HTTP 401 Unauthorized: The username or password is wrong. (request ID req-77)"
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(iam.received_requests().await.unwrap_or_default().len(), 1);

    // A hundred calls waiting for one sign-in share its failure: one more request.
    let ecs = ecs(None).await;
    let client = client(&ecs, auth);
    let results = concurrently(&client, 100).await;
    let refused = results
        .iter()
        .filter(|r| matches!(r, Err(Error::SignIn(e)) if e.status() == Some(401)))
        .count();
    assert_eq!(refused, 100);
    assert_eq!(iam.received_requests().await.unwrap_or_default().len(), 2);
    assert!(tokens_seen(&ecs).await.is_empty(), "nothing reached ECS");
}

/// A local IAM that refuses every sign-in with `status` and `body`.
async fn iam_answering(status: u16, body: Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v3/auth/tokens"))
        .respond_with(
            ResponseTemplate::new(status)
                .insert_header("X-Openstack-Request-Id", "req-iam-9")
                .set_body_json(body),
        )
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn iams_refusal_is_read_in_iams_dialect_bounded_and_without_the_password() {
    // IAM's Keystone-style body, with a title that is not the status's reason and a message
    // that repeats the password and goes on for 50,000 characters.
    let long = "x".repeat(50_000);
    let iam = iam_answering(
        401,
        json!({"error": {
            "code": 401,
            "title": "Unauthorized (locked)",
            "message": format!("The password {PASSWORD} of {USER} is wrong. {long}"),
        }}),
    )
    .await;
    let auth = Auth::password(USER, PASSWORD, DOMAIN)
        .with_project_name("eu-de")
        .with_iam_endpoint(format!("{}/v3", iam.uri()));
    let error = client_error(Client::connect(Config::new(auth).with_region("eu-de")).await);
    let Error::SignIn(sign_in) = &error else {
        panic!("{error:?}")
    };
    let refusal = sign_in.iam.as_ref().expect("IAM's answer");
    assert_eq!(refusal.status, 401);
    assert_eq!(refusal.code.as_deref(), Some("401"));
    assert_eq!(refusal.title.as_deref(), Some("Unauthorized (locked)"));
    let message = refusal.message.as_deref().unwrap();
    assert!(
        message.starts_with(&format!("The password <redacted> of {USER} is wrong. xxx")),
        "{message}"
    );
    assert!(message.len() < 1_200, "{} bytes", message.len());
    assert_eq!(error.request_id(), Some("req-iam-9"));
    let shown = error.to_string();
    assert!(
        shown.starts_with(&format!(
            "signing in failed: IAM refused the sign-in: HTTP 401 Unauthorized (locked): The password <redacted> of {USER} is wrong. xxx"
        )),
        "{shown}"
    );
    assert!(shown.ends_with(" (request ID req-iam-9)"), "{shown}");
    for output in [shown, format!("{error:?}")] {
        assert!(!output.contains(PASSWORD), "{output}");
        assert!(output.len() < 3_000, "{} bytes", output.len());
    }
}

#[tokio::test]
async fn without_a_network_a_password_needs_a_token_first_and_can_get_one_by_hand() {
    let auth = Auth::password(USER, PASSWORD, DOMAIN)
        .with_project_id(PROJECT)
        .with_region("eu-de");
    let mut request = http::Request::builder()
        .uri("https://ecs.eu-de.otc.t-systems.com/v1/p/jobs/j")
        .body(Vec::new())
        .unwrap();
    match auth.sign(&mut request, std::time::SystemTime::now()) {
        Err(Error::InvalidArgument { name, reason }) => {
            assert_eq!(name, "auth");
            assert!(
                reason.starts_with("a password credential has no valid token yet"),
                "{reason}"
            );
        }
        other => panic!("{other:?}"),
    }
    let sign_in = auth.sign_in_request().expect("a request");
    assert_eq!(
        sign_in.uri(),
        "https://iam.eu-de.otc.t-systems.com/v3/auth/tokens"
    );
    assert_eq!(sign_in.method(), http::Method::POST);
    let answer = http::Response::builder()
        .status(201)
        .header("X-Subject-Token", "tok-by-hand")
        .body(
            serde_json::to_vec(&token_body("2026-01-01T00:00:30Z", "https://ecs.example")).unwrap(),
        )
        .unwrap();
    auth.clone().accept_sign_in(&answer).expect("accepted");
    auth.sign(&mut request, std::time::SystemTime::now())
        .expect("signs now");
    assert_eq!(request.headers()["x-auth-token"], "tok-by-hand");
    assert!(request.headers()["x-auth-token"].is_sensitive());

    let missing = http::Response::builder()
        .status(201)
        .body(b"{}".to_vec())
        .unwrap();
    match auth.accept_sign_in(&missing) {
        Err(Error::SignIn(error)) => {
            assert_eq!(error.reason, "IAM's answer has no `X-Subject-Token` header")
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn no_output_holds_the_password_or_a_token() {
    let ecs = ecs(Some("tok-1")).await;
    let iam = Iam::start(Duration::from_secs(30), Duration::ZERO, |_| String::new()).await;
    let auth = iam.auth();
    let client = client(&ecs, auth.clone());
    client.show_job(JOB).await.expect("job");
    let refusing = refusing_iam().await;
    let refused = Auth::password(USER, PASSWORD, DOMAIN)
        .with_project_name("eu-de")
        .with_iam_endpoint(refusing.uri());
    let error =
        client_error(Client::connect(Config::new(refused.clone()).with_region("eu-de")).await);
    let unusable =
        client_error(Client::connect(Config::new(Auth::password(USER, PASSWORD, DOMAIN))).await);
    let outputs = [
        format!("{auth:?}"),
        format!("{refused:?}"),
        format!("{client:?}"),
        format!("{:?}", client.request_context()),
        format!("{:?}", Config::new(auth.clone()).with_region("eu-de")),
        format!("{error:?}"),
        error.to_string(),
        format!("{unusable:?}"),
        unusable.to_string(),
    ];
    for output in &outputs {
        for secret in [PASSWORD, "tok-1", "tok-2"] {
            assert!(!output.contains(secret), "{secret} in {output}");
        }
    }
    assert_eq!(
        outputs[0],
        format!(
            "Auth::Password {{ user: \"{USER}\", password: <redacted>, domain: \"{DOMAIN}\", project: Some(Name(\"eu-de\")), iam_endpoint: Some(\"{}\") }}",
            iam.url()
        )
    );
    assert_eq!(
        unusable.to_string(),
        "invalid `iam_endpoint`: a password credential needs the IAM endpoint (or a known region)"
    );
}

fn client_error(result: Result<Client, Error>) -> Error {
    match result {
        Ok(client) => panic!("connected: {client:?}"),
        Err(error) => error,
    }
}

#[tokio::test]
async fn access_keys_connect_to_the_regions_host_without_any_request() {
    let config = Config::new(Auth::aksk("AK0001", "sk-not-shown"))
        .with_region("eu-nl")
        .with_project_id(PROJECT);
    let client = Client::connect(config).await.expect("connects");
    assert_eq!(
        (client.endpoint(), client.project_id()),
        ("https://ecs.eu-nl.otc.t-systems.com", PROJECT)
    );
    let config = Config::new(Auth::aksk("AK0001", "sk-not-shown")).with_region("eu-nl");
    match Client::connect(config).await {
        Err(Error::Config(error)) => {
            assert_eq!(
                error.to_string(),
                "the configuration: `project_id` is missing"
            );
        }
        other => panic!("{other:?}"),
    }
    let config = Config::new(Auth::token("t")).with_project_id(PROJECT);
    match Client::connect(config).await {
        Err(Error::Config(error)) => {
            assert_eq!(
                error.to_string(),
                "the configuration: `region_name` is missing (and no endpoint is configured)"
            );
        }
        other => panic!("{other:?}"),
    }
}

/// A local IAM whose project list knows `eu-de` (the shape of IAM's *Querying Project
/// Information Based on the Specified Criteria*); any other name lists no project.
async fn project_listing_iam() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v3/projects"))
        .and(query_param("name", "eu-de"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "links": {"self": "https://iam.example/v3/projects?name=eu-de", "previous": null, "next": null},
            "projects": [{"is_domain": false, "description": "", "links": {"self": "https://iam.example/v3/projects/p"},
                "enabled": true, "id": PROJECT, "parent_id": "d0", "domain_id": "d0", "name": "eu-de"}]
        })))
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v3/projects"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"links": {}, "projects": []})),
        )
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn an_access_key_with_only_a_project_name_asks_iam_for_the_projects_id() {
    let iam = project_listing_iam().await;
    let vars = std::collections::HashMap::from([
        ("OS_ACCESS_KEY".to_owned(), "AK0001".to_owned()),
        ("OS_SECRET_KEY".to_owned(), "sk-not-shown".to_owned()),
        ("OS_PROJECT_NAME".to_owned(), "eu-de".to_owned()),
        ("OS_REGION_NAME".to_owned(), "eu-nl".to_owned()),
        ("OS_AUTH_URL".to_owned(), format!("{}/v3", iam.uri())),
    ]);
    let client = Client::connect(Config::from_env_vars(&vars).expect("a configuration"))
        .await
        .expect("connects");
    assert_eq!(
        (client.endpoint(), client.project_id()),
        ("https://ecs.eu-nl.otc.t-systems.com", PROJECT)
    );
    let requests = iam.received_requests().await.unwrap_or_default();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].url.query(), Some("name=eu-de"));
    let signature = requests[0].headers.get("authorization");
    let signature = signature.and_then(|v| v.to_str().ok()).unwrap_or_default();
    assert!(
        signature.starts_with("SDK-HMAC-SHA256 Access=AK0001, SignedHeaders="),
        "{signature}"
    );
    assert!(!signature.contains("sk-not-shown"));
    assert!(requests[0].headers.get("x-sdk-date").is_some());

    // A name IAM does not list is a configuration error naming the key, after one request.
    let config = Config::new(Auth::aksk("AK0001", "sk-not-shown"))
        .with_region("eu-nl")
        .with_project_name("eu-xx")
        .with_iam_endpoint(format!("{}/v3", iam.uri()));
    match Client::connect(config).await {
        Err(Error::Config(error)) => assert_eq!(
            error.to_string(),
            "the configuration: `auth.project_name` names no project IAM knows for this access key"
        ),
        other => panic!("{other:?}"),
    }
    assert_eq!(iam.received_requests().await.unwrap_or_default().len(), 2);
}

#[tokio::test]
async fn the_swiss_region_has_its_own_hosts() {
    let config = Config::new(Auth::aksk("AK0001", "sk-not-shown"))
        .with_region("eu-ch2")
        .with_project_id(PROJECT);
    let client = Client::connect(config).await.expect("connects");
    assert_eq!(client.endpoint(), "https://ecs.eu-ch2.sc.otc.t-systems.com");
    let auth = Auth::password(USER, PASSWORD, DOMAIN)
        .with_project_name("eu-ch2")
        .with_region("eu-ch2");
    let sign_in = auth.sign_in_request().expect("a request");
    assert_eq!(
        sign_in.uri(),
        "https://iam-pub.eu-ch2.sc.otc.t-systems.com/v3/auth/tokens"
    );
    let unknown = Auth::password(USER, PASSWORD, DOMAIN).with_region("eu-ch1");
    match Client::new("https://ecs.example", PROJECT, unknown) {
        Err(Error::InvalidArgument { name, reason }) => {
            assert_eq!(name, "region");
            assert_eq!(
                reason,
                "has no known IAM endpoint (known: eu-de, eu-nl, eu-ch2)"
            );
        }
        other => panic!("{other:?}"),
    }
}

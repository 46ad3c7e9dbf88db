//! Shared by the `ops_*` loopback tests: the client every test talks through, the project and
//! token it sends, and the spec's own examples (the pages' JSON, verbatim), so that a test holds
//! the client to exactly what the spec transcribed.
// Each test file uses the part it needs.
#![allow(dead_code)]

use std::time::Duration;

use otc_ecs::types::Job;
use otc_ecs::{Auth, Client};
use serde_json::Value;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use crate::support;

/// The project of every request (a page's example project).
pub const PROJECT: &str = "7459f9935ed2422eb9800fea1d4d9378";
/// The token every request must carry in `X-Auth-Token`.
pub const TOKEN: &str = "MIIT-secret-token";

/// A client of the loopback `server` for [`PROJECT`] with [`TOKEN`], retrying after 10 ms (so a
/// test of a retried answer takes no time).
pub fn client(server: &MockServer) -> Client {
    Client::builder(server.uri(), PROJECT, Auth::token(TOKEN))
        .retry_base_delay(Duration::from_millis(10))
        .build()
        .expect("client")
}

/// Mounts the answer to `GET /v1/{PROJECT}/jobs/{job_id}`: `body`, expected exactly once.
pub async fn job_answers_once(server: &MockServer, job_id: &str, body: Value) {
    Mock::given(method("GET"))
        .and(path(format!("/v1/{PROJECT}/jobs/{job_id}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .expect(1)
        .mount(server)
        .await;
}

/// `wait_for_job(job_id)`, polling every millisecond for at most a minute; the ended job.
pub async fn wait(client: &Client, job_id: &str) -> Job {
    client
        .wait_for_job(job_id, Duration::from_millis(1), Duration::from_secs(60))
        .await
        .unwrap()
}

/// Every request `server` received, in order.
pub async fn received(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.unwrap_or_default()
}

/// The query string of every request `server` received, in order (`""` for none).
pub async fn queries(server: &MockServer) -> Vec<String> {
    let requests = received(server).await;
    requests
        .iter()
        .map(|r| r.url.query().unwrap_or_default().to_string())
        .collect()
}

fn example(operation: &str, source: &str) -> client_codegen::spec::OperationExample {
    let mut diags = Default::default();
    let files = client_codegen::load::load(&support::root().join("spec"), &mut diags).unwrap();
    let op = files
        .iter()
        .find_map(|f| f.spec.operations.get(operation))
        .unwrap_or_else(|| panic!("no operation {operation}"));
    op.examples
        .iter()
        .find(|e| e.source == source)
        .unwrap_or_else(|| panic!("{operation} has no example citing {source}"))
        .clone()
}

/// The request body of the example of `operation` whose source is `source`.
pub fn request(operation: &str, source: &str) -> Value {
    let example = example(operation, source);
    serde_json::to_value(example.request.expect("a request body")).unwrap()
}

/// The response body of the example of `operation` whose source is `source`.
pub fn response(operation: &str, source: &str) -> Value {
    let example = example(operation, source);
    serde_json::to_value(example.response.expect("a response").body).unwrap()
}

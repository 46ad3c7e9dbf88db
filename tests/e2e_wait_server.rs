//! `show_server` and the waiters generated from its spec `waiter`, against a real HTTP server on
//! loopback (wiremock): the exact request, both paths, and following a server through a rebuild
//! to ACTIVE, to ERROR with its fault, to a time-out, and to a state the caller names.

use std::time::Duration;

use otc_ecs::types::ServerStatus;
use otc_ecs::{Auth, Client, Error, Microversion};
use serde_json::{Value, json};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const PROJECT: &str = "7459f9935ed2422eb9800fea1d4d9378";
const TOKEN: &str = "MIIT-secret-token";
const POLL: Duration = Duration::from_millis(20);
const PLENTY: Duration = Duration::from_secs(10);

fn client(server: &MockServer) -> Client {
    Client::builder(server.uri(), PROJECT, Auth::token(TOKEN))
        .retry_base_delay(Duration::from_millis(10))
        .build()
        .expect("client")
}

fn server_in(status: &str) -> Value {
    json!({"server": {"id": "srv-1", "name": "web", "status": status, "progress": 0, "image": ""}})
}

/// Answers `first` to the first `times` queries of `srv-1`, then `then` for ever.
async fn mount_sequence(server: &MockServer, first: Value, times: u64, then: Value) {
    let at = format!("/v2.1/{PROJECT}/servers/srv-1");
    Mock::given(method("GET"))
        .and(path(at.clone()))
        .respond_with(ResponseTemplate::new(200).set_body_json(first))
        .up_to_n_times(times)
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path(at))
        .respond_with(ResponseTemplate::new(200).set_body_json(then))
        .mount(server)
        .await;
}

async fn queries(server: &MockServer) -> usize {
    server.received_requests().await.unwrap_or_default().len()
}

#[tokio::test]
async fn show_server_sends_a_bodiless_get_to_the_v2_1_path_with_the_token() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/v2.1/{PROJECT}/servers/srv-1")))
        .and(header("X-Auth-Token", TOKEN))
        .and(header("Accept", "application/json"))
        .respond_with(ResponseTemplate::new(200).set_body_json(server_in("ACTIVE")))
        .expect(1)
        .mount(&server)
        .await;
    let shown = client(&server).show_server("srv-1").await.unwrap();
    assert_eq!(shown.server.id, "srv-1");
    assert_eq!(shown.server.status, ServerStatus::Active);
    let requests = server.received_requests().await.unwrap();
    assert!(requests[0].body.is_empty());
    assert!(requests[0].headers.get("content-type").is_none());
    assert!(
        requests[0]
            .headers
            .get("x-openstack-nova-api-version")
            .is_none()
    );
}

#[tokio::test]
async fn show_server_takes_the_v2_path_and_sends_the_configured_microversion() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/v2/{PROJECT}/servers/srv-1")))
        .and(header("X-OpenStack-Nova-API-Version", "2.26"))
        .and(header("OpenStack-API-Version", "compute 2.26"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"server": {"id": "srv-1", "status": "ACTIVE", "tags": ["env=prod"]}}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let c = Client::builder(server.uri(), PROJECT, Auth::token(TOKEN))
        .microversion(Microversion::new(2, 26))
        .path_variant("v2")
        .build()
        .unwrap();
    let shown = c.show_server("srv-1").await.unwrap();
    assert_eq!(shown.server.tags, Some(vec!["env=prod".to_string()]));
}

#[tokio::test]
async fn show_server_reads_a_nova_not_found_answer() {
    let server = MockServer::start().await;
    Mock::given(path(format!("/v2.1/{PROJECT}/servers/gone")))
        .respond_with(ResponseTemplate::new(404).set_body_json(
            json!({"itemNotFound": {"code": 404, "message": "Instance gone could not be found."}}),
        ))
        .mount(&server)
        .await;
    match client(&server).wait_for_server("gone", POLL, PLENTY).await {
        Err(Error::Service(e)) => {
            assert_eq!(e.status, 404);
            assert_eq!(e.kind.as_deref(), Some("itemNotFound"));
            assert_eq!(
                e.message.as_deref(),
                Some("Instance gone could not be found.")
            );
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn wait_for_server_follows_a_rebuild_to_active_and_returns_the_server() {
    let server = MockServer::start().await;
    mount_sequence(&server, server_in("REBUILD"), 2, server_in("ACTIVE")).await;
    let done = client(&server)
        .wait_for_server("srv-1", POLL, PLENTY)
        .await
        .unwrap();
    assert_eq!(done.server.status, ServerStatus::Active);
    assert_eq!(done.server.name.as_deref(), Some("web"));
    assert_eq!(queries(&server).await, 3, "REBUILD, REBUILD, ACTIVE");
}

#[tokio::test]
async fn wait_for_server_fails_on_error_with_the_servers_fault() {
    let server = MockServer::start().await;
    let failed = json!({"server": {"id": "srv-1", "status": "ERROR", "fault": {
        "code": 500,
        "created": "2026-11-25T10:00:00Z",
        "message": "No valid host was found.",
        "details": "Exceeded maximum number of retries."
    }}});
    mount_sequence(&server, server_in("REBUILD"), 1, failed).await;
    let error = client(&server)
        .wait_for_server("srv-1", POLL, PLENTY)
        .await
        .unwrap_err();
    assert_eq!(error.service_code(), Some("500"));
    assert_eq!(
        error.to_string(),
        "`srv-1` reached status ERROR: 500: No valid host was found."
    );
    match error {
        Error::ResourceFailed { id, status, fault } => {
            assert_eq!(id, "srv-1");
            assert_eq!(status, "ERROR");
            let fault = fault.expect("the answer carried a fault");
            assert_eq!(fault.code.as_deref(), Some("500"));
            assert_eq!(fault.message.as_deref(), Some("No valid host was found."));
            assert_eq!(
                fault.details.as_deref(),
                Some("Exceeded maximum number of retries.")
            );
            assert_eq!(fault.created.as_deref(), Some("2026-11-25T10:00:00Z"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(queries(&server).await, 2, "REBUILD, ERROR");
}

#[tokio::test]
async fn wait_for_server_fails_on_error_without_a_fault_too() {
    let server = MockServer::start().await;
    mount_sequence(&server, server_in("ERROR"), 1, server_in("ERROR")).await;
    match client(&server).wait_for_server("srv-1", POLL, PLENTY).await {
        Err(error @ Error::ResourceFailed { .. }) => {
            assert_eq!(error.to_string(), "`srv-1` reached status ERROR");
            let Error::ResourceFailed { status, fault, .. } = error else {
                unreachable!()
            };
            assert_eq!(status, "ERROR");
            assert_eq!(fault, None);
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn wait_for_server_gives_up_after_the_timeout_with_the_last_status() {
    let server = MockServer::start().await;
    mount_sequence(&server, server_in("REBUILD"), 1, server_in("REBUILD")).await;
    match client(&server)
        .wait_for_server("srv-1", POLL, Duration::from_millis(150))
        .await
    {
        Err(error @ Error::WaitTimeout { .. }) => {
            assert!(error.is_timeout());
            let Error::WaitTimeout {
                job_id,
                last_status,
                ..
            } = error
            else {
                unreachable!()
            };
            assert_eq!(job_id, "srv-1");
            assert_eq!(last_status.as_deref(), Some("REBUILD"));
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn wait_for_server_status_waits_for_the_named_state_past_active() {
    let server = MockServer::start().await;
    mount_sequence(&server, server_in("ACTIVE"), 2, server_in("SHUTOFF")).await;
    let c = client(&server);
    let stopped = c
        .wait_for_server_status("srv-1", &[ServerStatus::Shutoff], POLL, PLENTY)
        .await
        .unwrap();
    assert_eq!(stopped.server.status, ServerStatus::Shutoff);
    assert_eq!(queries(&server).await, 3, "ACTIVE, ACTIVE, SHUTOFF");
}

#[tokio::test]
async fn wait_for_server_status_accepts_any_named_state_including_error() {
    let server = MockServer::start().await;
    mount_sequence(&server, server_in("REBUILD"), 1, server_in("ERROR")).await;
    let c = client(&server);
    let settled = c
        .wait_for_server_status(
            "srv-1",
            &[ServerStatus::Active, ServerStatus::Error],
            POLL,
            PLENTY,
        )
        .await
        .unwrap();
    assert_eq!(settled.server.status, ServerStatus::Error);
}

#[tokio::test]
async fn wait_for_server_status_matches_states_this_client_does_not_know() {
    let server = MockServer::start().await;
    mount_sequence(&server, server_in("REBUILD"), 1, server_in("HIBERNATED")).await;
    let c = client(&server);
    let target = ServerStatus::Other("HIBERNATED".into());
    let done = c
        .wait_for_server_status("srv-1", std::slice::from_ref(&target), POLL, PLENTY)
        .await
        .unwrap();
    assert_eq!(done.server.status, target);
}

//! `add_server_monitoring` against a loopback server (wiremock): the v1.0 path without a project,
//! the body of one constant the client sends itself, and an answer without a body.

mod ops_support;
mod support;

use ops_support::{PROJECT, TOKEN, client};
use otc_ecs::Error;
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const ECS: &str = "616fb98f-46ca-475e-917e-2563e5a8cd19";

#[tokio::test]
async fn add_server_monitoring_posts_the_empty_monitor_metrics_to_the_v1_0_action() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/v1.0/servers/{ECS}/action")))
        .and(header("X-Auth-Token", TOKEN))
        .and(header("Content-Type", "application/json"))
        // "Adding an ECS to the Monitoring List", Example Request.
        .and(body_json(json!({"monitorMetrics": ""})))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let (): () = client(&server).add_server_monitoring(ECS).await.unwrap();
    let requests = server.received_requests().await.unwrap();
    assert!(
        !requests[0].url.path().contains(PROJECT),
        "the v1.0 path has no project"
    );
    assert_eq!(requests[0].url.query(), None);
}

#[tokio::test]
async fn a_204_or_a_body_on_success_is_accepted_and_the_body_ignored() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(204))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{not json"))
        .mount(&server)
        .await;
    let c = client(&server);
    c.add_server_monitoring(ECS).await.unwrap();
    c.add_server_monitoring(ECS).await.unwrap();
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn an_unknown_ecs_is_the_services_error_and_is_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(404).set_body_json(
            json!({"error": {"code": "Ecs.0114", "message": "The ECS does not exist."}}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    match client(&server).add_server_monitoring(ECS).await {
        Err(Error::Service(e)) => {
            assert_eq!(e.status, 404);
            assert_eq!(e.code.as_deref(), Some("Ecs.0114"));
        }
        other => panic!("{other:?}"),
    }
}
